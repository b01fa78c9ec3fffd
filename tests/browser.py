"""A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`): no port,
no extra package.  It opens a page and tells what a user's browser would do with it."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

WAIT_SECONDS = 120  # for one message; a loaded CI machine is slow, never this slow


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    return None


class Visit(NamedTuple):
    console_errors: list[str]
    requests: list[str]  # every request besides the page itself
    found: Any  # what the page's script expression returned
    screenshot: bytes
    pdf: bytes  # the page printed, on the paper its CSS asks for


class _Pipe:
    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # the browser reads commands on fd 3 and writes on fd 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [
                binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "about:blank",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=wire, close_fds=False,
        )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            ready, __, __ = select.select([self.from_browser], [], [], WAIT_SECONDS)
            chunk = os.read(self.from_browser, 1 << 20) if ready else b""
            if not chunk:
                raise RuntimeError("chromium stopped answering")
            self.buffer += chunk
        message, __, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self.read())

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


def visit(page: Path, expression: str, profile: Path, width: int = 1280, height: int = 1600) -> Visit:
    binary = chromium()
    assert binary is not None
    pipe = _Pipe(binary, profile)
    try:
        target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
        session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            pipe.call(f"{domain}.enable", session)
        pipe.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        url = page.resolve().as_uri()
        pipe.events.clear()
        pipe.call("Page.navigate", session, url=url)
        pipe.wait_for("Page.loadEventFired")
        found = pipe.call("Runtime.evaluate", session, expression=expression, returnByValue=True)
        shot = pipe.call("Page.captureScreenshot", session, format="png")
        printed = pipe.call("Page.printToPDF", session, preferCSSPageSize=True)
        pipe.call("Runtime.evaluate", session, expression="1")  # events up to now have arrived
    finally:
        pipe.close()
    errors, requests = [], []
    for event in pipe.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            errors.append(json.dumps(params.get("args")))
        elif method == "Runtime.exceptionThrown":
            errors.append(json.dumps(params.get("exceptionDetails")))
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            requests.append(params["request"]["url"])
    value = found.get("result", {}).get("value")
    return Visit(errors, requests, value, base64.b64decode(shot["data"]), base64.b64decode(printed["data"]))
