"""API URLs of the review package (mounted under /api/v1/)."""

from django.urls import path

from motcua.review import api

urlpatterns = [
    path("review/plans", api.PlanList.as_view(), name="review-plans"),
    path("review/plans/<int:pk>", api.PlanDetail.as_view(), name="review-plan"),
    path(
        "review/plans/<int:pk>/candidates",
        api.PlanCandidates.as_view(),
        name="review-plan-candidates",
    ),
    path("review/plans/<int:pk>/items", api.PlanItems.as_view(), name="review-plan-items"),
    path("review/plans/<int:pk>/proposal.docx", api.PlanDocx.as_view(), name="review-plan-docx"),
    path("review/items/<int:pk>", api.ItemDetail.as_view(), name="review-item"),
    path(
        "review/items/<int:pk>/assessment",
        api.ItemAssessment.as_view(),
        name="review-item-assessment",
    ),
    path("review/items/<int:pk>/proposal", api.ItemProposal.as_view(), name="review-item-proposal"),
    path(
        "review/items/<int:pk>/costs/<str:scenario>",
        api.ItemCost.as_view(),
        name="review-item-cost",
    ),
    path("review/items/<int:pk>/evidence", api.ItemEvidence.as_view(), name="review-item-evidence"),
    path("review/items/<int:pk>/what-if", api.ItemWhatIf.as_view(), name="review-item-what-if"),
    path("review/items/<int:pk>/adopt", api.ItemAdopt.as_view(), name="review-item-adopt"),
    path(
        "review/procedures/<str:code>/what-if",
        api.ProcedureWhatIf.as_view(),
        name="review-procedure-what-if",
    ),
    path("review/cost-calculator", api.CostCalculator.as_view(), name="review-cost-calculator"),
    path("review/hourly-incomes", api.HourlyIncomes.as_view(), name="review-hourly-incomes"),
]
