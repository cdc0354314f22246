from django.urls import path

from assessments import compare_views, views

urlpatterns = [
    path("me/assessments/", views.my_assessments, name="my_assessments"),
    path("me/progress/", views.progress, name="my_progress"),
    path("assessments/start/", views.start, name="assessment_start"),
    path("assessments/<int:pk>/", views.edit, name="assessment_edit"),
    path("assessments/<int:pk>/criteria/<int:criterion_id>/", views.rate, name="assessment_rate"),
    path("assessments/<int:pk>/submit/", views.submit, name="assessment_submit"),
    path("assessments/<int:pk>/result/", views.result, name="assessment_result"),
    path("assessments/<int:pk>/packet.pdf", views.packet, name="assessment_packet"),
    path("assessments/<int:pk>/review/", views.review, name="assessment_review"),
]

urlpatterns += [
    path("skills/<slug:slug>/compare/", compare_views.compare, name="skill_compare"),
]
