"""The local Neo4j Community server: fetch its jars from Maven Central, configure, start, stop.

The jars come from ``graph/server/pom.xml`` through ``mvn dependency:copy-dependencies`` into a cache
outside the repository. The server runs the Community entry point on Java 17, bound to 127.0.0.1,
with auth on and a generated password kept in a 0600 file under the server's home.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from common.errors import JavaMissingError, MavenMissingError, PortInUseError, ServerError
from graph.settings import LocalServerSettings, get_local_server_settings

log = logging.getLogger(__name__)

POM = Path(__file__).resolve().parent / "server" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    home: Path
    version: str | None = None
    external: bool = False

    def describe(self) -> str:
        if self.running:
            return f"Neo4j {self.version or '?'} đang chạy (pid {self.pid}) tại {self.bolt_uri}, thư mục {self.home}"
        return f"Neo4j không chạy (thư mục {self.home})"


class LocalNeo4j:
    """Manage one local server described by :class:`LocalServerSettings`."""

    def __init__(self, settings: LocalServerSettings | None = None) -> None:
        self.s = settings or get_local_server_settings()

    # paths -------------------------------------------------------------------------------
    @property
    def home(self) -> Path:
        return self.s.home

    @property
    def lib_dir(self) -> Path:
        return self.s.jar_cache / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    # prerequisites -----------------------------------------------------------------------
    def _java(self) -> str:
        java = shutil.which(self.s.java)
        if not java:
            raise JavaMissingError(
                f"Java not found ({self.s.java!r}). Neo4j 5.26 needs Java 17: apt-get install openjdk-17-jre-headless"
            )
        out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        text = out.stderr + out.stdout
        if '"17' not in text and '"21' not in text:
            raise JavaMissingError(f"Neo4j 5.26 needs Java 17 or 21; {java} says: {text.strip()[:120]}")
        return java

    def jars_present(self) -> bool:
        return (self.lib_dir / f"neo4j-{self.s.version}.jar").exists() and any(
            self.lib_dir.glob(f"neo4j-server-{self.s.version}.jar")
        )

    def fetch(self) -> Path:
        """Download the server's jars with Maven (once; cached)."""
        if self.jars_present():
            return self.lib_dir
        mvn = shutil.which(self.s.mvn)
        if not mvn:
            raise MavenMissingError(
                f"Maven not found ({self.s.mvn!r}); it fetches the Neo4j jars: apt-get install maven"
            )
        self.lib_dir.mkdir(parents=True, exist_ok=True)
        cmd = [
            mvn, "-q", "-B", "-f", str(POM), f"-Dneo4j.version={self.s.version}",
            "dependency:copy-dependencies", f"-DoutputDirectory={self.lib_dir}", "-DincludeScope=runtime",
        ]
        log.info("fetching Neo4j %s jars into %s", self.s.version, self.lib_dir)
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not self.jars_present():
            raise ServerError(f"mvn could not fetch Neo4j {self.s.version}: {proc.stdout[-800:]}{proc.stderr[-800:]}")
        return self.lib_dir

    # configuration -----------------------------------------------------------------------
    def _write_conf(self) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("data", "logs", "run", "import", "plugins", "licenses"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = f"""# written by lantoa (graph/server_manager.py); edits are overwritten at start
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{self.s.bolt_port}
server.http.enabled=true
server.http.listen_address=127.0.0.1:{self.s.http_port}
server.https.enabled=false
server.directories.data={self.home / 'data'}
server.directories.logs={self.home / 'logs'}
server.directories.run={self.home / 'run'}
server.directories.import={self.home / 'import'}
server.directories.plugins={self.home / 'plugins'}
server.directories.licenses={self.home / 'licenses'}
server.memory.heap.initial_size={self.s.heap}
server.memory.heap.max_size={self.s.heap}
server.memory.pagecache.size={self.s.pagecache}
db.memory.transaction.total.max={self.s.tx_memory_max}
dbms.security.auth_enabled=true
dbms.security.auth_minimum_password_length=12
dbms.usage_report.enabled=false
db.tx_log.rotation.retention_policy=2 days 1G
server.jvm.additional=-XX:+UseG1GC
"""
        (self.conf_dir / "neo4j.conf").write_text(conf, encoding="utf-8")

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _classpath(self) -> str:
        return f"{self.lib_dir}/*"

    def _ensure_password(self, java: str) -> str:
        pw_file = self.s.password_file
        if pw_file.exists():
            return pw_file.read_text(encoding="utf-8").strip()
        if (self.home / "data" / "dbms").exists():
            raise ServerError(
                f"{self.home} holds a database but its password file {pw_file} is gone; "
                "restore the file or remove the directory to start afresh"
            )
        # hex, never a leading '-': the admin tool's option parser read such a password as an unknown option
        password = secrets.token_hex(24)
        proc = subprocess.run(
            [java, "-cp", self._classpath(), ADMIN_TOOL, "dbms", "set-initial-password", password],
            env=self._env(), capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise ServerError(f"could not set the initial password: {proc.stderr[-500:]}")
        pw_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        os.chmod(pw_file, 0o600)
        return password

    # lifecycle ---------------------------------------------------------------------------
    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        # a recycled pid must still be our java process
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return pid
        return pid if ENTRY_POINT in cmdline and str(self.home) in cmdline else None

    @staticmethod
    def _port_free(port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True

    def start(self, *, wait: bool = True) -> ServerStatus:
        """Start the server (fetching jars and setting the password on first use); idempotent."""
        if self._pid() is not None:
            if wait:
                self.wait_ready()
            return self.status()
        java = self._java()
        self.fetch()
        for port in (self.s.bolt_port, self.s.http_port):
            if not self._port_free(port):
                raise PortInUseError(
                    f"port {port} on 127.0.0.1 is taken by another program; set LANTOA_NEO4J_BOLT_PORT / "
                    "LANTOA_NEO4J_HTTP_PORT to free ports, or stop that program"
                )
        self._write_conf()
        self._ensure_password(java)
        heap = self.s.heap
        cmd = [
            java, f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8", "-cp", self._classpath(), ENTRY_POINT,
            f"--home-dir={self.home}", f"--config-dir={self.conf_dir}",
        ]
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as out:
            proc = subprocess.Popen(
                cmd, env=self._env(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, cwd=self.home,
            )
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.write_text(str(proc.pid))
        log.info("started Neo4j (pid %s), waiting for Bolt on %s", proc.pid, self.s.bolt_uri)
        if wait:
            self.wait_ready(proc=proc)
        return self.status()

    def wait_ready(self, *, proc: subprocess.Popen | None = None, timeout: float | None = None) -> str:
        """Wait until the database answers a read (through the repository); returns the server version."""
        import neo4j  # the driver is only needed here

        from graph.repository import GraphReader

        deadline = time.monotonic() + (timeout or self.s.start_timeout_s)
        password = self.s.password_file.read_text(encoding="utf-8").strip()
        last: Exception | None = None
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise ServerError(
                    f"Neo4j exited with code {proc.returncode} while starting; see {self.log_file}:\n"
                    + self._log_tail()
                )
            try:
                with neo4j.GraphDatabase.driver(
                    self.s.bolt_uri, auth=("neo4j", password), connection_timeout=2, max_transaction_retry_time=0
                ) as d:
                    rows = GraphReader(d).read("read/server_version")
                    if rows and rows[0]["version"]:
                        return rows[0]["version"]
            except Exception as e:  # noqa: BLE001 - any failure means "not yet"
                last = e
            time.sleep(0.5)
        raise ServerError(f"Neo4j did not answer on {self.s.bolt_uri} in time ({last}); see {self.log_file}")

    def _log_tail(self, n: int = 30) -> str:
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return "\n".join(lines[-n:])

    def stop(self, *, timeout: float = 60.0) -> bool:
        """Stop the server gracefully (SIGTERM, then SIGKILL after ``timeout``). True if it was running."""
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            _reap(pid)
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
        _reap(pid)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> bool:
        """SIGKILL the server (fault-injection tests)."""
        pid = self._pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            _reap(pid)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> ServerStatus:
        pid = self._pid()
        version = None
        if pid is not None:
            try:
                version = self.wait_ready(timeout=3)
            except ServerError:
                version = None
        return ServerStatus(running=pid is not None and version is not None, pid=pid,
                            bolt_uri=self.s.bolt_uri, home=self.home, version=version)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (for a throwaway server: the scorecard's, a test group's)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
