from django.urls import path

from plans import views

urlpatterns = [
    path("me/plan/", views.my_plan, name="my_plan"),
    path("people/<str:username>/plan/", views.person_plan, name="person_plan"),
    path("plan/items/new/", views.item_new, name="plan_item_new"),
    path("plan/items/add-missing/", views.add_missing, name="plan_add_missing"),
    path("plan/items/<int:pk>/", views.item_detail, name="plan_item"),
    path("plan/items/<int:pk>/edit/", views.item_edit, name="plan_item_edit"),
    path("plan/items/<int:pk>/close/", views.item_close, name="plan_item_close"),
    path("plan/items/<int:pk>/delete/", views.item_delete, name="plan_item_delete"),
    path("plan/items/<int:pk>/comments/", views.item_comment, name="plan_item_comment"),
]
