from django.urls import path

from community import views

urlpatterns = [
    path("skills/<slug:slug>/follow/", views.follow, name="skill_follow"),
    path("skills/<slug:slug>/suggest/level/<int:level>/", views.suggest, name="suggest_level"),
    path(
        "skills/<slug:slug>/suggest/<slug:role>/<int:level>/",
        views.suggest,
        name="suggest_expectation",
    ),
    path("skills/<slug:slug>/edit/level/<int:level>/", views.edit, name="edit_level"),
    path("skills/<slug:slug>/edit/<slug:role>/<int:level>/", views.edit, name="edit_expectation"),
    path("skills/<slug:slug>/proposals/", views.skill_proposals, name="skill_proposals"),
    path("skills/<slug:slug>/history/", views.history, name="skill_history"),
    path("skills/<slug:slug>/history/<int:pk>/revert/", views.revert, name="edit_revert"),
    path("skills/<slug:slug>/discussion/", views.discussion, name="skill_discussion"),
    path("curate/out-of-date/", views.out_of_date, name="out_of_date"),
    path("curate/cells/<int:pk>/reviewed/", views.mark_reviewed, name="cell_mark_reviewed"),
    path("proposals/", views.proposal_queue, name="proposal_queue"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/accept/", views.proposal_accept_view, name="proposal_accept"),
    path("proposals/<int:pk>/reject/", views.proposal_reject_view, name="proposal_reject"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw_view, name="proposal_withdraw"),
    path("comments/<int:pk>/edit/", views.comment_edit_view, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete_view, name="comment_delete"),
    path("comments/<int:pk>/hide/", views.comment_hide_view, name="comment_hide"),
]
