"""Writes of the portal: the information campaign's announcements and pages."""

from hromada.portal.services.content import (
    Saved,
    delete_news_item,
    delete_page,
    save_news_item,
    save_page,
)

__all__ = ["Saved", "delete_news_item", "delete_page", "save_news_item", "save_page"]
