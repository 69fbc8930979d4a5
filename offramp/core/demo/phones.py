"""Generated phone numbers for the demo, in the organisation's country, so that callers, people and
web requests of a Spanish demo organisation have Spanish numbers (and its country code) and an
American one the reserved 555-01xx numbers. Every number takes the same two draws from `rng`,
whatever the country, so one organisation's numbers never shift the rest of its demo."""

import random


def demo_phone(country: str, rng: random.Random) -> str:
    first, last = rng.randint(201, 989), rng.randint(0, 99)
    if country == "ES":
        return f"+34 6{first % 100:02d} {first:03d} {last:03d}"
    return f"+1 {first} 555 01{last:02d}"
