def safe_cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; prefix them so they stay text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
