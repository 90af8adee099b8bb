"""A panel on the module editor's "Materials" tab: the way to upload a file in one step.

Its own small module because ``courses.models.pages`` uses it: the view it links to
(``courses.admin_materials``) imports the models, so it is looked up only when rendered.
"""

from wagtail.admin.panels import Panel


class MaterialUploadPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/materials_panel.html"

        def get_context_data(self, parent_context=None):
            from courses.access import can_add_materials
            from courses.admin_materials import upload_url

            context = super().get_context_data(parent_context)
            module = self.instance
            context["upload_url"] = (
                upload_url(module)
                if module.pk and self.request and can_add_materials(self.request.user, module)
                else ""
            )
            return context
