"""deploy/k8s: the manifests validate against the Kubernetes schemas (offline, kubernetes-validate) and agree
with gunicorn.conf.py, the Dockerfile and the application they run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
#: The Kubernetes versions the base is held to: the oldest still commonly run, and the newest we know.
VERSIONS = ("1.29.0", kubernetes_validate.latest_version())
#: Largest RSS of one gunicorn process measured after 200,000-character articles, in MiB, rounded up
#: (docs/scale-out.md, "Kubernetes"): the memory request must hold the master and every worker at it.
MEASURED_PROCESS_MIB = 50


def _documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _base() -> dict[str, dict[str, Any]]:
    kustomization = _documents(K8S / "kustomization.yaml")[0]
    return {doc["kind"]: doc for name in kustomization["resources"] for doc in _documents(K8S / name)}


BASE = _base()
DEPLOYMENT = BASE["Deployment"]
POD = DEPLOYMENT["spec"]["template"]
CONTAINER = POD["spec"]["containers"][0]
ENV = {item["name"]: item["value"] for item in CONTAINER["env"] if "value" in item}


def _quantity(value: str | int) -> float:
    """A Kubernetes quantity as a number: CPUs ("2", "1500m") or bytes ("192Mi", "1G")."""
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(value))
    assert match, value
    return float(match[1]) * units.get(match[2], 1)


def _gunicorn_settings(env: dict[str, str]) -> dict[str, Any]:
    """gunicorn.conf.py's settings as they are read in the container, with the manifest's environment."""
    code = (
        "import json, runpy; s = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: s[k] for k in ('workers', 'graceful_timeout', 'timeout', 'bind')}))"
    )
    # The image's own environment (Dockerfile ENV), then the manifest's: what the container sees.
    environment = {**_dockerfile_env(), **env, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _runtime_stage() -> str:
    return _dockerfile().split(" AS runtime", 1)[1]


def _dockerfile_env() -> dict[str, str]:
    found = {}
    for block in re.findall(r"^ENV ((?:.*\\\n)*.*)$", _runtime_stage(), flags=re.M):
        for name, value in re.findall(r"(\w+)=(\S+)", block):
            found[name] = value
    return found


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", sorted(BASE))
def test_each_manifest_is_valid_for_kubernetes(kind: str, version: str) -> None:
    """Strict: an unknown or misspelt field fails too. The schemas ship in the package (no network)."""
    kubernetes_validate.validate(BASE[kind], version, strict=True)


def test_the_base_holds_every_manifest_of_the_folder() -> None:
    listed = set(_documents(K8S / "kustomization.yaml")[0]["resources"])
    assert listed == {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(BASE) == {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"}


def test_the_selectors_meet_the_pods() -> None:
    labels = POD["metadata"]["labels"]
    assert DEPLOYMENT["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert BASE["Service"]["spec"]["selector"].items() <= labels.items()
    assert BASE["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = BASE["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", DEPLOYMENT["metadata"]["name"])
    assert BASE["HorizontalPodAutoscaler"]["spec"]["minReplicas"] > 1  # or the PDB blocks every drain


def test_workers_and_resources_follow_gunicorn_conf() -> None:
    settings = _gunicorn_settings(ENV)
    limits, requests = CONTAINER["resources"]["limits"], CONTAINER["resources"]["requests"]
    assert settings["workers"] == _quantity(limits["cpu"]), "one worker per CPU of the limit"
    assert _quantity(requests["cpu"]) == _quantity(limits["cpu"])  # the HPA's utilization is of requests
    processes = settings["workers"] + 1  # and the master
    assert _quantity(requests["memory"]) >= processes * MEASURED_PROCESS_MIB * 2**20
    assert _quantity(limits["memory"]) >= _quantity(requests["memory"])
    port = CONTAINER["ports"][0]["containerPort"]
    assert settings["bind"] == [f"0.0.0.0:{port}"]


def test_shutdown_lets_the_requests_in_flight_finish() -> None:
    settings = _gunicorn_settings(ENV)
    command = CONTAINER["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    assert POD["spec"]["terminationGracePeriodSeconds"] > int(command[1]) + settings["graceful_timeout"]


def test_the_pod_runs_as_the_image_user_without_privileges() -> None:
    user, group = re.search(r"^USER (\d+):(\d+)$", _runtime_stage(), flags=re.M).groups()  # type: ignore[union-attr]
    pod, container = POD["spec"]["securityContext"], CONTAINER["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert (pod["runAsUser"], pod["runAsGroup"]) == (int(user), int(group))
    assert container["readOnlyRootFilesystem"] is True
    assert container["allowPrivilegeEscalation"] is False
    assert container["capabilities"]["drop"] == ["ALL"]
    assert _dockerfile_env().get("PYTHONDONTWRITEBYTECODE") == "1"  # nothing written next to the code


def test_what_the_process_writes_is_on_a_volume() -> None:
    mounts = {mount["mountPath"]: mount["name"] for mount in CONTAINER["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in POD["spec"]["volumes"]}
    metrics = ENV["PROMETHEUS_MULTIPROC_DIR"]
    writable = [path for path, name in mounts.items() if "emptyDir" in volumes[name]]
    assert any(metrics.startswith(path.rstrip("/") + "/") for path in writable)


def test_the_api_keys_come_from_a_secret() -> None:
    mounts = {mount["mountPath"]: mount["name"] for mount in CONTAINER["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in POD["spec"]["volumes"]}
    keys_file = Path(ENV["API_KEYS_FILE"])
    volume = volumes[mounts[str(keys_file.parent)]]
    assert volume["secret"]["secretName"]
    assert "API_KEYS" not in ENV  # never a key in the manifest itself


def test_the_image_serves_the_port_and_probes(client: FlaskClient) -> None:
    port = CONTAINER["ports"][0]["containerPort"]
    assert re.search(rf"^EXPOSE {port}$", _runtime_stage(), flags=re.M)
    assert _dockerfile_env()["PORT"] == str(port)
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in _runtime_stage()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert CONTAINER[probe]["httpGet"]["port"] == CONTAINER["ports"][0]["name"]
        assert client.get(CONTAINER[probe]["httpGet"]["path"]).status_code == 200
    assert CONTAINER["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert CONTAINER["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_service_monitor_example_scrapes_the_service(client: FlaskClient) -> None:
    (monitor,) = _documents(K8S / "examples" / "servicemonitor.yaml")
    assert (monitor["apiVersion"], monitor["kind"]) == ("monitoring.coreos.com/v1", "ServiceMonitor")
    service = BASE["Service"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    ports = {port["name"] for port in service["spec"]["ports"]}
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["port"] in ports
        assert client.get(endpoint["path"]).status_code == 200
