"""Adding material to a module in the admin, in one step: file, title, who may download it.

The person never picks a Wagtail collection: "public" or "only for participants" decides it
(``courses.services.materials.add_material``). Reached from the module's page in the admin
(header menu and page listing, ``courses.wagtail_hooks``) and from an offering's participants
view. Only the module's trainers and the coordination may add (``courses.access
.can_add_materials``); for everybody else the module does not exist here (404).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents.fields import WagtailDocumentField

from courses.access import can_add_materials
from courses.models import ModulePage
from courses.services.materials import add_material

PUBLIC, PARTICIPANTS = "public", "participants"
URL_NAME = "course_material_upload"


def upload_url(module) -> str:
    return reverse(URL_NAME, args=[module.pk])


class MaterialUploadForm(forms.Form):
    file = forms.FileField()  # replaced per form: the limits are read from the settings then
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Shown as the link text; the file name is used if empty."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may download it?"),
        choices=[
            (PARTICIPANTS, _("Only confirmed participants (and the module's trainers)")),
            (PUBLIC, _("Everybody (public)")),
        ],
        initial=PARTICIPANTS,
        widget=forms.RadioSelect,
    )
    notify = forms.BooleanField(
        label=_("Notify participants by email"),
        required=False,
        initial=True,
        help_text=_(
            "Confirmed participants of offerings that have not ended get one email about "
            "this file."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = WagtailDocumentField(
            label=_("File"),
            validators=[FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS)],
        )
        field.help_text = _("Allowed: %(extensions)s. %(size)s") % {
            "extensions": ", ".join(settings.WAGTAILDOCS_EXTENSIONS),
            "size": field.help_text,
        }
        self.fields = {"file": field, **{k: v for k, v in self.fields.items() if k != "file"}}


class MaterialUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = MaterialUploadForm
    template_name = "courses/admin/materials_upload.html"
    page_title = _("Upload material")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.module = get_object_or_404(ModulePage, pk=kwargs["pk"])
        if not can_add_materials(request.user, self.module):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.module.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.module.pk]),
                "label": self.module.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            module=self.module,
            public_materials=self.module.public_materials.select_related("document"),
            participant_materials=self.module.participant_materials.select_related("document"),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        material = add_material(
            self.module,
            file=data["file"],
            title=data["title"],
            public=data["visibility"] == PUBLIC,
            user=self.request.user,
            notify=data["notify"],
        )
        messages.success(
            self.request,
            _("“%(title)s” has been added to the module.") % {"title": material.display_title},
        )
        return redirect(upload_url(self.module))


def urlpatterns():
    return [
        path(
            "materials/module/<int:pk>/upload/",
            MaterialUploadView.as_view(),
            name=URL_NAME,
        )
    ]
