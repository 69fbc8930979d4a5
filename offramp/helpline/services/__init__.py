"""Every change of state in the helpline, one module per room (see docs/architecture.md): `directory`,
`queue`, `contacts`, `merges`, `web_requests`, `drafts`, `flags`, `follow_ups`, `on_call`, `reviews`,
`survey`. Each public service is keyword-only, typed, checks access first and is its own outermost
transaction (`transaction.atomic(durable=True)`); what several of them share is in `_common`, and
opens no transaction. Import from the room's module; this package re-exports nothing."""
