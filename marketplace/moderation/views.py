"""The moderator workspace (moderators and administrators only) and the public report form."""

from __future__ import annotations

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.core.errors import DomainError
from marketplace.reviews import services as review_services
from marketplace.reviews.models import Review

from . import analytics, charts, selectors, services
from .forms import AuditFilterForm, PeriodForm, ReasonForm, ReportForm, ResolveForm
from .models import Flag
from .reasons import ProductRejectReason, ShopRejectReason, SuspendReason


def moderator_required(view):
    """Let moderators and administrators in; send visitors to log in; others get a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_moderator:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _refused(request, exc: DomainError, back: str):
    return render(
        request, "moderation/refused.html", {"error": exc, "back": back}, status=exc.status
    )


def _base(request, active: str) -> dict:
    return {"counts": selectors.queue_counts(), "active": active}


# --- dashboard and queues -----------------------------------------------------------------------
@require_GET
@moderator_required
def dashboard(request):
    """Show the queues with their counts."""
    ctx = _base(request, "dashboard")
    ctx["recent"] = selectors.audit_search()[:10]
    return render(request, "moderation/dashboard.html", ctx)


@require_GET
@moderator_required
def shop_queue(request):
    """List shops waiting for verification."""
    ctx = _base(request, "shops")
    ctx["shops"] = selectors.shops_pending()
    ctx["others"] = Shop.objects.filter(status=Shop.Status.SUSPENDED).order_by("name")
    return render(request, "moderation/shop_queue.html", ctx)


@require_GET
@moderator_required
def shop_detail(request, pk: int):
    """Show what is needed to decide on a shop, and the decisions open to its status."""
    shop = get_object_or_404(Shop.objects.select_related("artisan", "cooperative"), pk=pk)
    ctx = _base(request, "shops")
    ctx.update(
        shop=shop,
        documents=selectors.shop_documents(shop=shop),
        history=selectors.shop_history(shop=shop),
        contacts=selectors.shop_contacts(shop=shop),
        members=shop.cooperative.memberships.select_related("artisan")
        if shop.cooperative_id
        else [],
        reject_form=ReasonForm(choices=ShopRejectReason),
        suspend_form=ReasonForm(choices=SuspendReason),
        flags=Flag.objects.filter(shop=shop, status=Flag.Status.OPEN),
    )
    return render(request, "moderation/shop_detail.html", ctx)


@require_POST
@moderator_required
def shop_action(request, pk: int, action: str):
    """Verify, reject, suspend or reinstate a shop."""
    back = reverse("moderation:shop_detail", args=[pk])
    choices = {"reject": ShopRejectReason, "suspend": SuspendReason}.get(action)
    form = ReasonForm(request.POST, choices=choices, required=action in ("reject", "suspend"))
    if action not in ("verify", "reject", "suspend", "reinstate"):
        raise Http404
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    code, text = form.cleaned_data["reason_code"], form.cleaned_data["reason"]
    try:
        if action == "verify":
            services.shop_verify(shop_id=pk, actor=request.user)
            messages.success(request, _("Shop verified; the seller has been told."))
        elif action == "reject":
            services.shop_reject(shop_id=pk, actor=request.user, reason=text, reason_code=code)
            messages.success(request, _("Shop refused; the seller has received the reason."))
        elif action == "suspend":
            services.shop_suspend(shop_id=pk, actor=request.user, reason=text, reason_code=code)
            messages.success(request, _("Shop suspended: its products are hidden, payouts paused."))
        else:
            services.shop_reinstate(shop_id=pk, actor=request.user, reason=text)
            messages.success(request, _("Suspension lifted: products visible, payouts resumed."))
    except DomainError as exc:
        return _refused(request, exc, back)
    return redirect("moderation:shop_queue" if action in ("verify", "reject") else back)


@require_GET
@moderator_required
def product_queue(request):
    """List products waiting for review, with bulk approve / reject."""
    ctx = _base(request, "products")
    page = Paginator(selectors.products_pending(), 50).get_page(request.GET.get("page"))
    ctx.update(page=page, reject_form=ReasonForm(choices=ProductRejectReason))
    return render(request, "moderation/product_queue.html", ctx)


@require_GET
@moderator_required
def product_detail(request, pk: int):
    """Show a product's photos, text in every language, variants and its seller's history."""
    product = get_object_or_404(
        Product.objects.select_related(
            "shop__artisan", "shop__cooperative", "category", "maker"
        ).prefetch_related("images", "variants", "materials"),
        pk=pk,
    )
    ctx = _base(request, "products")
    ctx.update(
        product=product,
        texts=[
            (code, getattr(product, f"title_{code}"), getattr(product, f"description_{code}"))
            for code in ("ar", "fr", "en", "es")
        ],
        history=selectors.shop_history(shop=product.shop),
        reject_form=ReasonForm(choices=ProductRejectReason),
        flags=Flag.objects.filter(product=product, status=Flag.Status.OPEN),
    )
    return render(request, "moderation/product_detail.html", ctx)


@require_POST
@moderator_required
def product_action(request, pk: int, action: str):
    """Approve or reject one product."""
    back = reverse("moderation:product_detail", args=[pk])
    if action not in ("approve", "reject"):
        raise Http404
    form = ReasonForm(request.POST, choices=ProductRejectReason, required=action == "reject")
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    try:
        if action == "approve":
            services.product_approve(product_id=pk, actor=request.user)
            messages.success(request, _("Product approved and published."))
        else:
            services.product_reject(
                product_id=pk,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
            )
            messages.success(request, _("Product refused; the seller has received the reason."))
    except DomainError as exc:
        return _refused(request, exc, back)
    return redirect("moderation:product_queue")


@require_POST
@moderator_required
def product_bulk(request):
    """Approve or reject the ticked products of the queue."""
    back = reverse("moderation:product_queue")
    ids = [int(v) for v in request.POST.getlist("product") if v.isdigit()]
    action = request.POST.get("action")
    if not ids:
        messages.error(request, _("Tick at least one product."))
        return redirect(back)
    form = ReasonForm(request.POST, choices=ProductRejectReason, required=action == "reject")
    if action not in ("approve", "reject") or not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the form."))
        return redirect(back)
    try:
        if action == "approve":
            done, skipped = services.product_bulk_approve(product_ids=ids, actor=request.user)
        else:
            done, skipped = services.product_bulk_reject(
                product_ids=ids,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
            )
    except DomainError as exc:
        return _refused(request, exc, back)
    messages.success(
        request,
        _("%(done)d product(s) done, %(skipped)d skipped (already decided).")
        % {"done": done, "skipped": skipped},
    )
    return redirect(back)


# --- reports -----------------------------------------------------------------------------------
def _flag_targets(groups: list[dict]) -> list[dict]:
    products = Product.objects.in_bulk([g["product_id"] for g in groups if g["product_id"]])
    shops = Shop.objects.in_bulk([g["shop_id"] for g in groups if g["shop_id"]])
    reviews = Review.objects.in_bulk([g["review_id"] for g in groups if g["review_id"]])
    out = []
    for g in groups:
        if g["product_id"]:
            kind, pk, obj = "product", g["product_id"], products.get(g["product_id"])
        elif g["shop_id"]:
            kind, pk, obj = "shop", g["shop_id"], shops.get(g["shop_id"])
        else:
            kind, pk, obj = "review", g["review_id"], reviews.get(g["review_id"])
        out.append({"kind": kind, "pk": pk, "obj": obj, "count": g["count"]})
    return out


@require_GET
@moderator_required
def report_queue(request):
    """List reported items with their number of open reports."""
    ctx = _base(request, "reports")
    ctx["items"] = _flag_targets(selectors.flags_open_grouped())
    return render(request, "moderation/report_queue.html", ctx)


@require_http_methods(["GET", "POST"])
@moderator_required
def report_detail(request, kind: str, pk: int):
    """Show every report about one item, and resolve them together."""
    if kind not in ("product", "shop", "review"):
        raise Http404
    model = {"product": Product, "shop": Shop, "review": Review}[kind]
    obj = get_object_or_404(model, pk=pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.flag_resolve(
                kind=kind,
                pk=pk,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            return _refused(request, exc, request.path)
        messages.success(request, _("%(n)d report(s) resolved.") % {"n": n})
        return redirect("moderation:report_queue")
    ctx = _base(request, "reports")
    ctx.update(kind=kind, obj=obj, flags=selectors.flags_for(kind=kind, pk=pk), form=form)
    return render(request, "moderation/report_detail.html", ctx)


# --- reviews -----------------------------------------------------------------------------------
@require_GET
@moderator_required
def review_queue(request):
    """List new reviews to read (reported and low-rated first)."""
    ctx = _base(request, "reviews")
    ctx["page"] = Paginator(selectors.reviews_to_check(), 30).get_page(request.GET.get("page"))
    return render(request, "moderation/review_queue.html", ctx)


@require_POST
@moderator_required
def review_action(request, pk: int, action: str):
    """Mark a review as checked, or hide it with a reason."""
    back = reverse("moderation:review_queue")
    try:
        if action == "check":
            review_services.review_mark_checked(review_id=pk, actor=request.user)
            messages.success(request, _("Review kept."))
        elif action == "hide":
            review_services.review_hide(
                review_id=pk, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Review hidden."))
        else:
            raise Http404
    except DomainError as exc:
        return _refused(request, exc, back)
    return redirect(back)


# --- audit log ---------------------------------------------------------------------------------
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
    ctx = _base(request, "audit")
    query = request.GET.copy()
    query.pop("page", None)
    ctx.update(
        form=form, page=Paginator(qs, 50).get_page(request.GET.get("page")), query=query.urlencode()
    )
    return render(request, "moderation/audit_log.html", ctx)


# --- analytics ---------------------------------------------------------------------------------
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
    ctx = _base(request, "analytics")
    ctx.update(data=data, form=form, query=request.GET.urlencode())
    return render(request, "moderation/analytics.html", ctx)


CSV_TABLES = ("months", "categories", "countries", "ratings", "shops")


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
    writer = csv.writer(response)
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
    else:
        shops = analytics.shop_figures()
        writer.writerow(["figure", "value"])
        for key in ("shops", "coops", "women", "women_share", "pending", "suspended"):
            writer.writerow([key, shops[key]])
    return response


# --- public: report an item --------------------------------------------------------------------
def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def report_create(request, kind: str, pk: int):
    """Let any visitor report a product, shop or review (rate-limited: 429 when exceeded)."""
    try:
        obj = services.flags.reportable(kind=kind, pk=pk)
    except DomainError as exc:
        raise Http404 from exc
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if services.flag_rate_limited(reporter=request.user, ip=_client_ip(request)):
            return render(request, "moderation/report_throttled.html", status=429)
        if form.is_valid():
            try:
                services.flag_create(
                    kind=kind,
                    pk=pk,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    reporter=request.user,
                    ip=_client_ip(request),
                )
            except DomainError as exc:
                return render(
                    request, "moderation/report_throttled.html", {"error": exc}, status=exc.status
                )
            return render(request, "moderation/report_thanks.html", {"obj": obj, "kind": kind})
        status = 400
    return render(
        request,
        "moderation/report_form.html",
        {"form": form, "obj": obj, "kind": kind},
        status=status,
    )
