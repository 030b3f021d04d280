"""Links that open this copy of the lessons: Binder (JupyterLab or the Voila app) and nbgitpuller
(for a JupyterHub), built from the repository's own remote and branch.

Standard library only: `python3 tasks.py links` runs it before any set-up.

    python3 tasks.py links                                  the start lesson, both front ends
    python3 tasks.py links --lesson 02                      open lesson 02 instead
    python3 tasks.py links --app                            only the Voila app links
    python3 tasks.py links --hub https://hub.example.org    nbgitpuller link for that hub
    python3 tasks.py links --remote URL --branch NAME       for another copy than this one

Link forms (documented by mybinder.org and nbgitpuller):
    https://mybinder.org/v2/gh/OWNER/NAME/BRANCH?urlpath=lab%2Ftree%2Fnotebooks%2FLESSON.ipynb
    HUB/hub/user-redirect/git-pull?repo=URL&branch=BRANCH&targetpath=NAME&urlpath=lab%2Ftree%2FNAME...
Every part that can hold a `/`, a space or a `#` (branch, path, repository URL) is URL-encoded.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
START = "00_start_here.ipynb"
BINDER = "https://mybinder.org"

# https://github.com/o/n(.git), http(s)://user@github.com/o/n, git@github.com:o/n(.git),
# ssh://git@github.com(:22)/o/n(.git), git://github.com/o/n
GITHUB = re.compile(
    r"^(?:(?:https?|git|ssh)://(?:[^@/]+@)?github\.com(?::\d+)?/|[^@/\s]+@github\.com:)"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$")


class NoGitHubRemote(ValueError):
    """The remote is missing or not on GitHub; the message says what to do."""


@dataclass(frozen=True)
class GitHubRepo:
    owner: str
    name: str

    @property
    def https(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"


def parse_github(remote: str) -> GitHubRepo:
    """OWNER/NAME from a GitHub remote in https or ssh form; NoGitHubRemote otherwise."""
    m = GITHUB.match(remote.strip())
    if not m:
        raise NoGitHubRemote(
            f"The remote {remote.strip()!r} is not a GitHub repository. Binder's badge links here "
            "are built for GitHub: push a copy to GitHub (create an empty repository there, then "
            "`git remote add github https://github.com/OWNER/NAME.git` and "
            "`git push github HEAD`) and run `python3 tasks.py links --remote "
            "https://github.com/OWNER/NAME`. A JupyterHub can still pull from any https git "
            "address: pass it with --remote and --hub.")
    return GitHubRepo(m.group("owner"), m.group("name"))


def lesson_path(lesson: str | None, notebooks: Path = NOTEBOOKS) -> str:
    """'notebooks/<file>.ipynb' for a lesson named by number ('02'), stem, file name or path."""
    if not lesson:
        return f"notebooks/{START}"
    wanted = Path(lesson).name.removesuffix(".ipynb")
    found = sorted(p.name for p in notebooks.glob("*.ipynb")
                   if p.stem == wanted or p.stem.split("_", 1)[0] == wanted)
    if len(found) != 1:
        names = ", ".join(p.stem for p in sorted(notebooks.glob("*.ipynb")))
        raise ValueError(f"no single lesson matches {lesson!r}; the lessons are: {names}")
    return f"notebooks/{found[0]}"


def urlpath(path: str, app: bool, folder: str = "") -> str:
    """The page to open inside the server: JupyterLab's tree or Voila's render of `path`."""
    prefix = "voila/render" if app else "lab/tree"
    return "/".join(p for p in (prefix, folder, path) if p)


def binder_url(repo: GitHubRepo, branch: str, path: str, app: bool = False) -> str:
    """mybinder.org link that builds `repo` at `branch` and opens `path`."""
    return (f"{BINDER}/v2/gh/{quote(repo.owner)}/{quote(repo.name)}/{quote(branch, safe='')}"
            f"?{urlencode({'urlpath': urlpath(path, app)}, quote_via=quote)}")


def nbgitpuller_url(hub: str, repo_url: str, branch: str, path: str, app: bool = False,
                    folder: str | None = None) -> str:
    """A JupyterHub link: log in, clone or update `repo_url` at `branch` into the learner's
    `folder` (default: the repository's name, as nbgitpuller does), then open `path` in it."""
    if not re.match(r"^https?://", hub):
        raise ValueError(f"hub must be the hub's address starting with https://, got {hub!r}")
    folder = folder or repo_folder(repo_url)
    # targetpath named explicitly: nbgitpuller's own default keeps a trailing ".git".
    query = {"repo": repo_url, "branch": branch, "targetpath": folder,
             "urlpath": urlpath(path, app, folder)}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote)}"


def repo_folder(repo_url: str) -> str:
    """The folder nbgitpuller clones into by default: the last part of the URL, without .git."""
    return repo_url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")


def git(*args: str, cwd: Path = ROOT) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else ""


def current_remote(cwd: Path = ROOT) -> str:
    return git("remote", "get-url", "origin", cwd=cwd)


def current_branch(cwd: Path = ROOT) -> str:
    """The checked-out branch (also a new one with no commit yet); HEAD when detached."""
    return git("symbolic-ref", "--short", "-q", "HEAD", cwd=cwd) or "HEAD"


def links(remote: str, branch: str, lesson: str | None = None, app_only: bool = False,
          hub: str | None = None) -> list[tuple[str, str]]:
    """(what, url) pairs for a remote and branch. Raises NoGitHubRemote (with what to do) when
    there is no remote, or a non-GitHub one and no hub to pull into."""
    if not remote:
        raise NoGitHubRemote(
            "This copy has no remote called origin, so there is no public address to link to. "
            "Put it on GitHub (create an empty repository there, then `git remote add origin "
            "https://github.com/OWNER/NAME.git` and `git push -u origin HEAD`), then run "
            "`python3 tasks.py links` again.")
    path = lesson_path(lesson)
    kinds = [True] if app_only else [False, True]
    out: list[tuple[str, str]] = []
    try:
        repo = parse_github(remote)
    except NoGitHubRemote:
        if not hub:
            raise
        repo = None
        pull_url = remote
    else:
        pull_url = repo.https
    if repo is not None:
        for app in kinds:
            what = "Binder, the app (Voila)" if app else "Binder, JupyterLab"
            out.append((what, binder_url(repo, branch, path, app)))
    for app in kinds:
        what = "JupyterHub (nbgitpuller), " + ("the app" if app else "JupyterLab")
        out.append((what, nbgitpuller_url(hub or "https://HUB.EXAMPLE.ORG", pull_url, branch,
                                          path, app)))
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py links", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lesson", help="lesson to open: a number (02), a name or a file")
    parser.add_argument("--app", action="store_true", help="only the Voila app links")
    parser.add_argument("--hub", help="your JupyterHub's address, for the nbgitpuller link")
    parser.add_argument("--remote", help="repository URL (default: git remote get-url origin)")
    parser.add_argument("--branch", help="branch (default: the current branch)")
    args = parser.parse_args(argv)
    remote = args.remote if args.remote is not None else current_remote()
    branch = args.branch or current_branch()
    try:
        found = links(remote, branch, args.lesson, args.app, args.hub)
    except (NoGitHubRemote, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Links for {remote} at branch {branch}:")
    if not GITHUB.match(remote.strip()):
        print("(Not a GitHub repository, so no Binder links: Binder's badges need GitHub.)")
    for what, url in found:
        print(f"\n{what}:\n  {url}")
    if not args.hub:
        print("\nThe JupyterHub links use a placeholder address: add --hub https://your.hub.")
    if branch != "HEAD" and not args.remote:
        print(f"\nBinder and the hub fetch the branch {branch!r} from GitHub: push it first "
              "(`git push origin HEAD`).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
