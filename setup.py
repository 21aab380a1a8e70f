"""What pyproject.toml cannot say: which packages go into the wheel.

Every top-level folder with an __init__.py is an app or the project, found here rather than
listed, so a new app cannot be forgotten (tests/test_layout.py checks this against
settings.PROJECT_APPS). The project-wide templates, static files and translations live at
the top of the repository and travel inside the plc package; settings finds them either way.
"""

from setuptools import find_packages, setup

ASSETS = {"plc.templates": "templates", "plc.static": "static", "plc.locale": "locale"}

setup(
    packages=[*find_packages(exclude=["tests", "tests.*"]), *ASSETS],
    package_dir=ASSETS,
    package_data={name: ["**/*"] for name in ASSETS},
    include_package_data=False,
)
