"""A worked example of an app plugging into Offramp without editing core, cases, helpline or api:
peer support group sessions. Installed by the test settings only; tests/test_plugin_app.py shows each
registry from the outside. docs/architecture.md, "Adding an app", walks through it."""
