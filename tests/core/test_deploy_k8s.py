"""The Kubernetes manifests in deploy/k8s/ (issue 19, item 4).

Every document is validated offline, strictly (unknown fields refused), against the Kubernetes
JSON schemas that the kubernetes-validate package ships; then the shape the README promises is
checked: web with probes on /healthz and an autoscaler, a worker per Celery queue, exactly one
beat, a migration job, and every ConfigMap/Secret reference resolving.
"""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from django.conf import settings

K8S_DIR = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30"  # the oldest minor still supported upstream when this was written


def _documents(name: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((K8S_DIR / name).read_text()) if doc]


def _applied() -> list[dict]:
    """What `kubectl apply -k deploy/k8s/` applies: the kustomization's resources."""
    kustomization = _documents("kustomization.yaml")[0]
    return [doc for name in kustomization["resources"] for doc in _documents(name)]


def _by_kind(kind: str) -> list[dict]:
    return [doc for doc in _applied() if doc["kind"] == kind]


def _deployment(name: str) -> dict:
    return next(doc for doc in _by_kind("Deployment") if doc["metadata"]["name"] == name)


def _pod_spec(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def _manifest_files() -> list[str]:
    return sorted(path.name for path in K8S_DIR.glob("*.yaml") if path.name != "kustomization.yaml")


@pytest.mark.parametrize("name", _manifest_files())
def test_every_manifest_is_valid_against_the_kubernetes_schemas(name):
    for doc in _documents(name):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_validator_refuses_a_wrong_manifest():
    web = _deployment("gongzhi-web")
    broken = {**web, "spec": {**web["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    typo = {**web, "spec": {**web["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_applies_every_manifest_but_the_secret_example():
    listed = set(_documents("kustomization.yaml")[0]["resources"])
    assert listed == set(_manifest_files()) - {"secret.example.yaml"}


def test_web_is_probed_on_healthz_with_an_allowed_host_and_autoscaled():
    web = _deployment("gongzhi-web")
    container = _pod_spec(web)["containers"][0]
    allowed_hosts = _by_kind("ConfigMap")[0]["data"]["ALLOWED_HOSTS"].split(",")
    for probe in ("readinessProbe", "livenessProbe"):
        http = container[probe]["httpGet"]
        assert http["path"] == "/healthz"
        assert http["port"] == container["ports"][0]["name"]
        # Django answers 400 to a Host outside ALLOWED_HOSTS: the probe would always fail.
        assert {h["name"]: h["value"] for h in http["httpHeaders"]}["Host"] in allowed_hosts
    hpa = _by_kind("HorizontalPodAutoscaler")[0]
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "gongzhi-web",
    }
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    # utilisation is measured against the request: without one the autoscaler cannot work
    assert container["resources"]["requests"]["cpu"]
    labels = web["spec"]["template"]["metadata"]["labels"]
    assert _by_kind("Service")[0]["spec"]["selector"] == labels
    assert _by_kind("PodDisruptionBudget")[0]["spec"]["selector"]["matchLabels"] == labels


def test_there_is_a_worker_deployment_per_celery_queue():
    consumed = {}
    for deployment in _by_kind("Deployment"):
        command = _pod_spec(deployment)["containers"][0]["command"]
        if command[:4] == ["celery", "-A", "config", "worker"]:
            queues = command[command.index("-Q") + 1].split(",")
            for queue in queues:
                consumed.setdefault(queue, []).append(deployment["metadata"]["name"])
    assert sorted(consumed) == sorted(settings.CELERY_QUEUE_NAMES)
    assert all(len(deployments) == 1 for deployments in consumed.values())


def test_exactly_one_beat_even_during_a_rollout():
    beats = [
        doc
        for doc in _applied()
        if doc["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"}
        and "beat" in _pod_spec(doc).get("containers", [{}])[0].get("command", [])
    ]
    assert [doc["metadata"]["name"] for doc in beats] == ["gongzhi-beat"]
    assert beats[0]["spec"]["replicas"] == 1
    assert beats[0]["spec"]["strategy"] == {"type": "Recreate"}


def test_a_migration_job_runs_migrate_once():
    (job,) = _by_kind("Job")
    spec = _pod_spec(job)
    assert spec["containers"][0]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert spec["restartPolicy"] == "Never"


def test_every_pod_reads_the_configmap_and_secret_that_exist_and_one_image():
    configmaps = {doc["metadata"]["name"] for doc in _by_kind("ConfigMap")}
    secrets = {doc["metadata"]["name"] for doc in _documents("secret.example.yaml")}
    images = set()
    for workload in [*_by_kind("Deployment"), *_by_kind("Job")]:
        spec = _pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True
        for container in spec["containers"]:
            images.add(container["image"])
            refs = container["envFrom"]
            assert {r["configMapRef"]["name"] for r in refs if "configMapRef" in r} <= configmaps
            assert {r["secretRef"]["name"] for r in refs if "secretRef" in r} == secrets
    assert images == {_documents("kustomization.yaml")[0]["images"][0]["name"]}


def test_every_configured_variable_is_one_the_readme_documents():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    keys = set(_by_kind("ConfigMap")[0]["data"])
    keys |= set(_documents("secret.example.yaml")[0]["stringData"])
    undocumented = {key for key in keys if f"`{key}`" not in readme}
    assert not undocumented
