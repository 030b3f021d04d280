"""tools/links.py: Binder and nbgitpuller launch links for a given remote and branch
(`tasks.py links`)."""
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

import tasks
from paths import ROOT
from tools import links

FORMS = [
    "https://github.com/me/natalizumab-notebooks",
    "https://github.com/me/natalizumab-notebooks.git",
    "https://token@github.com/me/natalizumab-notebooks.git/",
    "git@github.com:me/natalizumab-notebooks.git",
    "ssh://git@github.com/me/natalizumab-notebooks.git",
    "ssh://git@github.com:22/me/natalizumab-notebooks",
]


@pytest.mark.parametrize("remote", FORMS)
def test_github_remotes_in_https_and_ssh_form(remote):
    repo = links.parse_github(remote)
    assert (repo.owner, repo.name) == ("me", "natalizumab-notebooks")
    assert repo.https == "https://github.com/me/natalizumab-notebooks"


@pytest.mark.parametrize("remote", ["https://gitlab.com/me/notebooks.git",
                                    "git@bitbucket.org:me/notebooks.git",
                                    "/srv/git/notebooks.git", "https://github.com/me"])
def test_a_remote_not_on_github_says_what_to_do(remote):
    with pytest.raises(links.NoGitHubRemote, match="not a GitHub repository.*push a copy"):
        links.parse_github(remote)


def test_binder_links_open_the_lesson_in_lab_and_in_the_app():
    repo = links.parse_github(FORMS[3])
    lab = links.binder_url(repo, "main", "notebooks/02_infusion_timing.ipynb")
    assert lab == ("https://mybinder.org/v2/gh/me/natalizumab-notebooks/main"
                   "?urlpath=lab%2Ftree%2Fnotebooks%2F02_infusion_timing.ipynb")
    app = links.binder_url(repo, "main", "notebooks/02_infusion_timing.ipynb", app=True)
    assert app.endswith("?urlpath=voila%2Frender%2Fnotebooks%2F02_infusion_timing.ipynb")


def test_branch_and_path_are_url_encoded():
    repo = links.GitHubRepo("me", "notes")
    url = links.binder_url(repo, "workshop/may 2026", "notebooks/a b#c.ipynb")
    assert "/v2/gh/me/notes/workshop%2Fmay%202026?" in url
    assert url.endswith("urlpath=lab%2Ftree%2Fnotebooks%2Fa%20b%23c.ipynb")
    assert parse_qs(urlsplit(url).query)["urlpath"] == ["lab/tree/notebooks/a b#c.ipynb"]


def test_nbgitpuller_link_clones_into_the_repository_folder_and_opens_the_lesson():
    url = links.nbgitpuller_url("https://hub.example.org/", "https://github.com/me/notes.git",
                                "fix/x", "notebooks/00_start_here.ipynb", app=True)
    parts = urlsplit(url)
    assert parts.netloc == "hub.example.org" and parts.path == "/hub/user-redirect/git-pull"
    assert parse_qs(parts.query) == {
        "repo": ["https://github.com/me/notes.git"], "branch": ["fix/x"], "targetpath": ["notes"],
        "urlpath": ["voila/render/notes/notebooks/00_start_here.ipynb"]}
    assert "repo=https%3A%2F%2Fgithub.com%2Fme%2Fnotes.git" in url and "fix%2Fx" in url
    with pytest.raises(ValueError, match="hub must be"):
        links.nbgitpuller_url("hub.example.org", "x", "main", "n.ipynb")


def test_links_from_an_ssh_remote_pull_over_https():
    found = dict(links.links(FORMS[3], "main", lesson="02", hub="https://hub.test"))
    assert set(found) == {"Binder, JupyterLab", "Binder, the app (Voila)",
                          "JupyterHub (nbgitpuller), JupyterLab",
                          "JupyterHub (nbgitpuller), the app"}
    query = parse_qs(urlsplit(found["JupyterHub (nbgitpuller), JupyterLab"]).query)
    assert query["repo"] == ["https://github.com/me/natalizumab-notebooks"]
    assert query["urlpath"] == ["lab/tree/natalizumab-notebooks/notebooks/02_infusion_timing.ipynb"]
    assert found["Binder, the app (Voila)"].endswith("02_infusion_timing.ipynb")
    app_only = dict(links.links(FORMS[0], "main", app_only=True))
    assert all("voila%2Frender" in url for url in app_only.values())


def test_a_non_github_remote_still_gets_a_hub_link_but_no_binder_link():
    remote = "https://gitlab.com/me/notes.git"
    with pytest.raises(links.NoGitHubRemote):
        links.links(remote, "main")
    found = dict(links.links(remote, "main", hub="https://hub.test"))
    assert not any(k.startswith("Binder") for k in found)
    assert all("repo=https%3A%2F%2Fgitlab.com%2Fme%2Fnotes.git" in u for u in found.values())


def test_no_remote_says_what_to_do():
    with pytest.raises(links.NoGitHubRemote, match="no remote called origin.*git remote add"):
        links.links("", "main")


def test_lessons_are_chosen_by_number_name_or_path():
    assert links.lesson_path(None) == "notebooks/00_start_here.ipynb"
    for name in ("02", "02_infusion_timing", "notebooks/02_infusion_timing.ipynb"):
        assert links.lesson_path(name) == "notebooks/02_infusion_timing.ipynb"
    with pytest.raises(ValueError, match="the lessons are: 00_start_here"):
        links.lesson_path("99")


def test_tasks_links_reads_this_repositorys_remote_and_branch(tmp_path):
    """`tasks.py links` in a clone whose origin is a GitHub ssh remote, on a branch."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", "-b", "workshop/day-1", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin",
                    "git@github.com:someone/fork.git"], check=True)
    assert links.current_remote(clone) == "git@github.com:someone/fork.git"
    assert links.current_branch(clone) == "workshop/day-1"
    out = subprocess.run(["python3", str(ROOT / "tasks.py"), "links", "--remote",
                          links.current_remote(clone), "--branch", links.current_branch(clone),
                          "--lesson", "00"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert ("https://mybinder.org/v2/gh/someone/fork/workshop%2Fday-1?urlpath=voila%2Frender%2F"
            "notebooks%2F00_start_here.ipynb") in out.stdout


def test_tasks_links_without_a_github_remote_exits_with_advice(capsys):
    assert tasks.main(["links", "--remote", "https://gitlab.com/me/x.git"]) == 1
    assert "not a GitHub repository" in capsys.readouterr().err
