// The board's "Print" button (a static file: the Content-Security-Policy allows no inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
