import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.views import defaults

from netral.core import htmx


@pytest.mark.django_db
def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_home_is_in_indonesian_by_default_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_home_explains_netral_in_plain_indonesian(client):
    text = client.get("/").text
    assert "netral" in text.lower()
    assert "Boleh atau tidak?" in text
    assert "Status laporan" in text
    assert "Lewati ke konten" in text  # the skip link
    assert 'href="/akun/masuk/"' in text


@pytest.mark.django_db
def test_csp_allows_no_inline_script_or_style(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    style_src = re.search(r"style-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert style_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in csp


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/akun/masuk/", "/staf/", "/tidak-ada/"])
def test_pages_carry_no_inline_scripts_or_styles(admin_client_for_pages, url):
    text = admin_client_for_pages.get(url).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert " style=" not in text and "<style" not in text
    assert " onclick=" not in text and "hx-on" not in text


@pytest.fixture
def admin_client_for_pages(client, admin):
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_other_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_language_switch_to_english_works(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert 'lang="en"' in page.text
    assert "Allowed or not?" in page.text
    assert 'aria-pressed="true"' in page.text and 'value="en"' in page.text


@pytest.mark.django_db
def test_staff_home_needs_login(client):
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/?next=/staf/")


@pytest.mark.django_db
def test_staff_home_shows_organisation_role_and_jurisdiction(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    response = client.get("/staf/")
    assert response.status_code == 200
    assert "Bawaslu Kabupaten Bantul" in response.text
    assert "Petugas" in response.text  # the officer role, in Indonesian
    assert "Kabupaten Bantul" in response.text and "34.02" in response.text
    assert "Beranda staf" in response.text  # the staff menu


@pytest.mark.django_db
def test_staff_home_of_a_national_body(client, bkn_officer):
    client.force_login(bkn_officer)
    assert "seluruh Indonesia" in client.get("/staf/").text


@pytest.mark.django_db
def test_staff_home_without_organisation_says_what_to_do(client, django_user_model):
    lonely = django_user_model.objects.create_user(username="sendiri", password="x" * 12)
    client.force_login(lonely)
    response = client.get("/staf/")
    assert response.status_code == 200
    assert "Belum menjadi anggota" in response.text or "belum menjadi anggota" in response.text


@pytest.mark.django_db
def test_visitors_get_public_links_and_staff_get_work_links(client, bawaslu_bantul_officer):
    assert "Beranda staf" not in client.get("/").text
    client.force_login(bawaslu_bantul_officer)
    text = client.get("/").text
    assert 'href="/staf/"' in text
    assert "Anggota" not in re.search(r'<nav class="main-nav".*?</nav>', text, re.S).group(0)


@pytest.mark.django_db
def test_404_page_is_indonesian_and_helpful(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert 'href="/"' in response.text


@pytest.mark.django_db
def test_403_page_is_indonesian(client, bkn_officer):
    client.force_login(bkn_officer)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "tidak memiliki akses" in response.text


@pytest.mark.django_db
def test_500_page_renders_without_request_or_database():
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_indonesian(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/akun/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.content.decode()


@pytest.mark.django_db
def test_openapi_document_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Netral API"


# --- the HTMX helper --------------------------------------------------------------------------

PAGE = (
    "<html><body>{% partialdef rows inline %}<ul id=rows><li>{{ item }}</li></ul>"
    "{% endpartialdef %}</body></html>"
)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {"page.html": PAGE})]},
    }
]


def _request(htmx_request: bool, method: str = "get"):
    headers = {"HX-Request": "true"} if htmx_request else {}
    request = getattr(RequestFactory(), method)("/x/", headers=headers)
    from django_htmx.middleware import HtmxDetails

    request.htmx = HtmxDetails(request)
    return request


@override_settings(TEMPLATES=TEMPLATES)
def test_render_htmx_gives_htmx_the_fragment_and_browsers_the_page():
    fragment = htmx.render_htmx(_request(True), "page.html", {"item": "a"}, partial="rows")
    full = htmx.render_htmx(_request(False), "page.html", {"item": "a"}, partial="rows")
    assert fragment.content.decode() == "<ul id=rows><li>a</li></ul>"
    assert full.content.decode().startswith("<html>")
    assert "HX-Request" in full.headers["Vary"]


@override_settings(TEMPLATES=TEMPLATES)
def test_render_htmx_gives_the_page_to_a_history_restore():
    request = RequestFactory().get(
        "/x/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    from django_htmx.middleware import HtmxDetails

    request.htmx = HtmxDetails(request)
    response = htmx.render_htmx(request, "page.html", {"item": "a"}, partial="rows")
    assert response.content.decode().startswith("<html>")


def test_redirect_after_post_uses_303_or_an_htmx_redirect():
    plain = htmx.redirect_after_post(_request(False, "post"), "/staf/")
    assert (plain.status_code, plain["Location"]) == (303, "/staf/")
    client_side = htmx.redirect_after_post(_request(True, "post"), "core:home")
    assert client_side.headers["HX-Redirect"] == "/"


@override_settings(TEMPLATES=TEMPLATES)
def test_respond_after_post_refreshes_the_fragment_for_htmx_only():
    args = {
        "redirect_to": "/staf/",
        "template": "page.html",
        "partial": "rows",
        "context": {"item": "b"},
    }
    fragment = htmx.respond_after_post(_request(True, "post"), **args)
    assert isinstance(fragment, HttpResponse) and fragment.status_code == 200
    assert "<li>b</li>" in fragment.content.decode()
    assert htmx.respond_after_post(_request(False, "post"), **args).status_code == 303


@override_settings(TEMPLATES=TEMPLATES)
def test_respond_after_post_builds_the_context_only_for_the_fragment_and_notes_the_notice():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    built = []

    def context():
        built.append(True)
        return {"item": "c"}

    plain = _request(False, "post")
    plain.session, plain._messages = {}, None
    plain._messages = FallbackStorage(plain)
    args = {"redirect_to": "/staf/", "template": "page.html", "partial": "rows"}
    response = htmx.respond_after_post(plain, context=context, notice="Saved.", **args)
    assert response.status_code == 303 and built == []
    assert [str(m) for m in get_messages(plain)] == ["Saved."]
    fragment = htmx.respond_after_post(_request(True, "post"), context=context, **args)
    assert "<li>c</li>" in fragment.content.decode() and built == [True]
    no_fragment = htmx.respond_after_post(_request(True, "post"), redirect_to="core:home")
    assert no_fragment.headers["HX-Redirect"] == "/"


# --- accessible form rendering ----------------------------------------------------------------


def test_form_override_renders_label_hint_error_and_required_mark(settings):
    """Once the project uses TemplatesSetting, `{{ form }}` goes through partials/field.html."""
    from pathlib import Path

    import django
    from django import forms
    from django.forms.renderers import TemplatesSetting

    builtin = Path(django.__file__).parent / "forms" / "templates"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], builtin]}
    ]

    class Sample(forms.Form):
        email = forms.EmailField(label="Email", help_text="Alamat dinas")
        note = forms.CharField(label="Catatan", required=False)

    html = str(Sample({"email": "bukan"}, renderer=TemplatesSetting()))
    assert '<div class="field has-error">' in html
    assert 'id="id_email_helptext"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    # The one "wajib" mark: on the required field only (partials/required_mark.html).
    email, note = html.split('<label for="id_note">')
    assert 'class="required-mark" title="wajib"' in email and "(wajib)" in email
    assert "wajib" not in note
    assert html.index('<label for="id_email">') < html.index('id="id_email_error"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("bawaslu_bantul_officer", [], ["/kasus/token-api/", "/kasus/kop-surat/"]),
        ("bawaslu_diy_supervisor", ["/kasus/token-api/", "/kasus/kop-surat/"], []),
        ("admin", ["/kasus/templat-surat/"], []),
    ],
)
def test_the_staff_home_links_the_settings_each_person_may_open(
    client, request, who, shown, hidden
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get("/staf/").text
    for url in shown:
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200  # the link leads somewhere it may go
    for url in hidden:
        assert f'href="{url}"' not in page
