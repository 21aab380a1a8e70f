HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


def assert_fragment(response, element_id: str) -> None:
    """An htmx answer: just the swappable region, never a whole page."""
    body = text(response)
    assert "<html" not in body
    assert f'id="{element_id}"' in body
