"""The audit log and the analytics page with its CSV exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.core.csv_export import csv_writer
from marketplace.provenance import selectors as provenance_selectors

from .. import analytics, charts, selectors
from ..forms import AuditFilterForm, PeriodForm
from .common import base, moderator_required


@require_GET
@moderator_required
def audit_log(request):
    """Read the audit log, filtered by object, actor, action and date. Nothing can be changed."""
    form = AuditFilterForm(
        request.GET or None,
        object_types=selectors.audit_object_types(),
        actions=selectors.audit_actions(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_search(**{k: v for k, v in filters.items() if v})
    ctx = base(request, "audit")
    query = request.GET.copy()
    query.pop("page", None)
    ctx.update(
        form=form, page=Paginator(qs, 50).get_page(request.GET.get("page")), query=query.urlencode()
    )
    return render(request, "moderation/audit_log.html", ctx)


def _period(request) -> tuple[PeriodForm, analytics.Period]:
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        return form, analytics.Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    return form, analytics.Period()


@require_GET
@moderator_required
def analytics_page(request):
    """Sales, categories, countries, shops, satisfaction and shipping speed, with charts."""
    form, period = _period(request)
    data = analytics.analytics_all(period)
    money = lambda v: f"{v:,.0f} MAD"  # noqa: E731
    rtl = get_language_bidi()
    data["charts"] = {
        "months": charts.column_chart(
            [(r["month"].strftime("%m/%y"), r["sales"], money(r["sales"])) for r in data["months"]],
            title=_("Sales by month"),
            rtl=rtl,
        ),
        "categories": charts.bar_chart(
            [(r["label"], r["share"], f"{r['share']} %") for r in data["categories"]],
            title=_("Share of sales by category"),
            rtl=rtl,
        ),
        "countries": charts.bar_chart(
            [(r["label"], r["share"], f"{r['share']} %") for r in data["countries"][:8]],
            title=_("Share of sales by destination country"),
            rtl=rtl,
        ),
        "ratings": charts.bar_chart(
            [
                ("★" * r["rating"], r["count"], f"{r['count']} ({r['share']} %)")
                for r in data["satisfaction"]["distribution"]
            ],
            title=_("Reviews by rating"),
            rtl=rtl,
        ),
    }
    ctx = base(request, "analytics")
    ctx.update(
        data=data,
        form=form,
        query=request.GET.urlencode(),
        # Cooperatives' payments to their members: confirmed, waiting, disputed, days to pay.
        member_pay=provenance_selectors.payment_figures(),
    )
    return render(request, "moderation/analytics.html", ctx)


CSV_TABLES = ("months", "categories", "countries", "ratings", "shops", "cod")


@require_GET
@moderator_required
def analytics_csv(request, table: str):
    """Download one analytics table as CSV."""
    if table not in CSV_TABLES:
        raise Http404
    _form, period = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="souk-{table}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the UTF-8 (Arabic) right
    writer = csv_writer(response)  # category names are staff text: no formulas run
    if table == "months":
        writer.writerow(["month", "sales_mad", "shop_orders"])
        for r in analytics.sales_by_month(period):
            writer.writerow([r["month"].strftime("%Y-%m"), r["sales"], r["orders"]])
    elif table == "categories":
        writer.writerow(["category", "name", "sales_mad", "pieces", "share_percent"])
        for r in analytics.category_shares(period):
            writer.writerow([r["key"], r["label"], r["sales"], r["pieces"], r["share"]])
    elif table == "countries":
        writer.writerow(["country", "name", "sales_mad", "orders", "share_percent"])
        for r in analytics.country_shares(period):
            writer.writerow([r["key"], r["label"], r["sales"], r["orders"], r["share"]])
    elif table == "ratings":
        sat = analytics.satisfaction(period)
        writer.writerow(["rating", "reviews", "share_percent"])
        for r in sat["distribution"]:
            writer.writerow([r["rating"], r["count"], r["share"]])
        writer.writerow(["4-5", sat["good"], sat["share"]])
    elif table == "cod":
        cod = analytics.cod_report(period)
        writer.writerow(["figure", "key", "value"])
        for key in ("orders", "cod_orders", "cod_share", "cod_value_share", "confirmation_rate",
                    "refusal_rate"):  # fmt: skip
            writer.writerow(["total", key, cod[key]])
        for r in cod["by_courier"]:
            writer.writerow(["courier_cash_collected_mad", r["courier"], r["collected"]])
            writer.writerow(["courier_cash_out_mad", r["courier"], r["out"]])
        for r in cod["by_region"]:
            writer.writerow(["region_cash_collected_mad", r["region"] or "?", r["collected"]])
            writer.writerow(["region_cash_out_mad", r["region"] or "?", r["out"]])
    else:
        shops = analytics.shop_figures()
        writer.writerow(["figure", "value"])
        for key in ("shops", "coops", "women", "women_share", "pending", "suspended"):
            writer.writerow([key, shops[key]])
    return response
