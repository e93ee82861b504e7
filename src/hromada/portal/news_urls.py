"""The information campaign's addresses: announcements with their feeds, static pages
(general and an edition's), and the staff pages that write them."""

from django.urls import path

from hromada.portal.views import news, pages

urlpatterns: list = [
    path("news/", news.news_list, name="news"),
    path("news/feed/", news.NewsFeed(), name="news_feed"),
    path("news/atom/", news.NewsAtomFeed(), name="news_atom"),
    path("news/<slug:slug>/", news.news_detail, name="news_detail"),
    path("news/<slug:slug>/image/", news.news_image, name="news_image"),
    path("pages/<slug:slug>/", pages.page_detail, name="page"),
    path(
        "budget/<slug:edition>/about/<slug:slug>/",
        pages.edition_page_detail,
        name="edition_page",
    ),
    path("staff/news/", news.staff_news_list, name="staff_news"),
    path("staff/news/new/", news.staff_news_create, name="staff_news_create"),
    path("staff/news/<int:item_id>/", news.staff_news_edit, name="staff_news_edit"),
    path("staff/news/<int:item_id>/delete/", news.staff_news_delete, name="staff_news_delete"),
    path("staff/pages/", pages.staff_page_list, name="staff_pages"),
    path("staff/pages/new/", pages.staff_page_create, name="staff_page_create"),
    path("staff/pages/<int:page_id>/", pages.staff_page_edit, name="staff_page_edit"),
    path("staff/pages/<int:page_id>/delete/", pages.staff_page_delete, name="staff_page_delete"),
]
