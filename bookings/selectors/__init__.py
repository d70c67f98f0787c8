"""Reads of the bookings app, with the joins a page needs."""
