"""Routes found, not listed: every Offramp app that has the module (`urls` for its pages, `api_urls`
for its API) is mounted where the module says (`URL_PREFIX`, the root by default) and in its own
namespace when it names one (`app_name`). A new app adds its routes without editing another app.

An Offramp app is one under `offramp.`, or one living elsewhere whose AppConfig says
`offramp_app = True` (a plugin, or the test suite's example app); the libraries' apps are not
mounted, whatever modules they have."""

from importlib import import_module

from django.apps import AppConfig, apps
from django.urls import URLResolver, include, path
from django.utils.module_loading import module_has_submodule


def app_routes(module: str) -> list[URLResolver]:
    routes: list[URLResolver] = []
    for config in apps.get_app_configs():
        if is_offramp_app(config) and module_has_submodule(config.module, module):
            urls = import_module(f"{config.name}.{module}")
            routes.append(path(getattr(urls, "URL_PREFIX", ""), include(urls)))
    return routes


def is_offramp_app(config: AppConfig) -> bool:
    return config.name.startswith("offramp.") or getattr(config, "offramp_app", False) is True
