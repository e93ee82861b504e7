from hromada.implementation.evaluation.urls import urlpatterns as evaluation_patterns

app_name = "implementation"

urlpatterns: list = [] + evaluation_patterns
