"""A real Dovecot IMAP server on loopback for tests: own config, state and maildir under a temp dir."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

USER, PASSWORD = "bot@example.test", "secret-imap-pw"
MAIL_UID = 65534  # Dovecot refuses to deliver as root

CONF = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = invoicebot-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {uid}
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = dovecot
default_login_user = dovenull
shutdown_clients = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={uid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


def binary() -> str | None:
    """Dovecot lives in /usr/sbin, which is not on every user's PATH."""
    found = shutil.which("dovecot") or "/usr/sbin/dovecot"
    return found if os.access(found, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _traversable(path: Path) -> None:
    """Dovecot's auth and login processes run as other users: every parent must be world-traversable."""
    for p in [path, *path.parents]:
        if p == Path("/"):
            break
        mode = p.stat().st_mode
        if mode & 0o005 != 0o005:
            os.chmod(p, mode | 0o005)


class Dovecot:
    """Start, stop and restart one Dovecot instance; the maildir survives restarts."""

    def __init__(self, root: Path, extra_conf: str = "", tls: bool = False) -> None:
        self.root = root
        self.port = free_port()
        self.host = "127.0.0.1"
        self.proc: subprocess.Popen | None = None
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self.tls = tls
        conf = CONF.format(root=root, port=self.port, uid=MAIL_UID)
        if tls:  # IMAP over TLS (port 993 style) with a self-signed certificate for 127.0.0.1
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"), "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
            conf = conf.replace("ssl = no", f"ssl = required\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem")
            conf = conf.replace(f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}\n"
                                "  inet_listener imaps {\n    port = 0\n  }",
                                "  inet_listener imap {\n    port = 0\n  }\n"
                                f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}")
        (root / "dovecot.conf").write_text(conf + extra_conf)
        _traversable(root)
        if os.geteuid() == 0:
            shutil.chown(root / "mail", MAIL_UID, MAIL_UID)

    def start(self) -> None:
        self.proc = subprocess.Popen([binary() or "dovecot", "-F", "-c", str(self.root / "dovecot.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20  # a bound against hanging, not a timing goal
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if self.tls or s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, "dovecot did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""
