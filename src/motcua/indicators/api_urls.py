"""API URLs of the indicators package (mounted under /api/v1/)."""

from django.urls import path

from motcua.indicators import api

urlpatterns = [
    path("indicators/scorecard", api.ScorecardView.as_view(), name="indicators-scorecard"),
    path("indicators/measures", api.MeasuresView.as_view(), name="indicators-measures"),
    path("indicators/drilldown", api.DrilldownView.as_view(), name="indicators-drilldown"),
    path("indicators/ranking", api.RankingView.as_view(), name="indicators-ranking"),
    path("indicators/targets", api.TargetsView.as_view(), name="indicators-targets"),
]
