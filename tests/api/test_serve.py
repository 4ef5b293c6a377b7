"""`amur serve`: uvicorn serving the API on a real port, stopped cleanly."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.conftest import loaded_dir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_amur_serve_answers_over_http(tmp_path: Path) -> None:
    data = loaded_dir(tmp_path)
    port = _free_port()
    command = [sys.executable, "-c", "from api.cli import app; app()", "--data-dir", str(data), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        hit = httpx.get(f"{base}/entities", params={"q": "Абрамова"}, timeout=5).json()["items"][0]
        assert hit["node"]["id"] == "person:sergey-abramov"
        assert httpx.get(f"{base}/docs", timeout=5).status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert f"{base}/docs" in output
    assert process.returncode in (0, -15)
