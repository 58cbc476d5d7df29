"""A throwaway PostgreSQL cluster in a temporary directory, for the benchmarks (run as root: the
server runs as the `postgres` user, listening on 127.0.0.1 only)."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile


def pg_bin() -> str:
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if not kandidaten:
        sys.exit("PostgreSQL is not installed (/usr/lib/postgresql/*/bin).")
    return kandidaten[-1]


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory."""

    def __init__(self, poort: int):
        self.poort = poort
        self.bin = pg_bin()
        self.map = tempfile.mkdtemp(prefix="bench-postgres.")

    def _als_postgres(self, *args):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, stdout=subprocess.DEVNULL
        )

    def start(self) -> str:
        os.chmod(self.map, 0o755)
        shutil.chown(self.map, "postgres", "postgres")
        data = f"{self.map}/data"
        self._als_postgres(
            f"{self.bin}/initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._als_postgres(
            f"{self.bin}/pg_ctl",
            "-D",
            data,
            "-l",
            f"{self.map}/postgres.log",
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.poort} -k {self.map} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
            "start",
        )
        return f"postgres://postgres@127.0.0.1:{self.poort}/postgres"

    def stop(self):
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                f"{self.bin}/pg_ctl",
                "-D",
                f"{self.map}/data",
                "-m",
                "fast",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(self.map, ignore_errors=True)
