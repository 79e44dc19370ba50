"""The buyer's review form and the shop's reply form."""

from django import forms
from django.utils.translation import gettext_lazy as _

RATINGS = [(5, "★★★★★"), (4, "★★★★☆"), (3, "★★★☆☆"), (2, "★★☆☆☆"), (1, "★☆☆☆☆")]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you like? How is the piece in real life?"),
    )
    photo = forms.FileField(
        label=_("A photo of the piece (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your public reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
