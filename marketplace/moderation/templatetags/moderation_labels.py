"""Template filters that turn stored keys into words: `audit_action`, `audit_object`, …"""

from django import template

from .. import labels

register = template.Library()
register.filter("audit_action", labels.action_label)
register.filter("audit_object", labels.object_type_label)
register.filter("product_status", labels.product_status_label)
