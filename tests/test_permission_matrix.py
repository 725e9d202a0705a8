"""Permission matrix: every URL the platform answers, for every role, with the answer it must give.

The URLs are enumerated from the resolver (``django.urls.get_resolver()``), never listed by hand:
the project's pages, allauth, Wagtail's admin with every viewset and snippet it registers, and
the admin views the apps add with ``register_admin_urls``. Each one is requested with GET
(``follow=False``) once per role, with its path arguments filled from one shared set of fixture
rows, and the answer is compared with the row for it in ``MATRIX`` below.

Roles: anonymous; an applicant (an account with a submitted seat application, no desk); a member
(holds a desk); an alumnus (their last allocation has ended); a mentor; an editor; staff; a
superuser. They are made through ``community.services`` the way the platform makes them, so the
matrix also proves that derived membership gives the access it should. The admin's TOTP step
(``GRUNDERHUS_ADMIN_REQUIRES_2FA``) is off here: it is tested on its own, and with it on every
admin cell would read "set up two-factor first".

Answers: ``200``, ``400``, ``403``, ``404``, ``405`` (a POST-only view asked with GET), ``login``
(a redirect to a login page: allauth's or Wagtail's admin login), ``admin`` (a redirect to the
admin dashboard: Wagtail's way of turning away an admin user who lacks a permission) and ``302``
(any other redirect). A 500 is never an answer a row may expect (the one exception, Wagtail's
deliberate error page, is named in ``DELIBERATE_ERRORS``).

Adding a view
-------------
1. Run ``python -m pytest tests/test_permission_matrix.py -q``: ``test_every_url_has_a_row``
   fails and names the new URL pattern.
2. Add a row to ``MATRIX`` under its app's heading: the URL name (``namespace:name``; the route
   for an unnamed or doubly named pattern), then the answer for each of the eight roles. Write
   the answer the view *should* give, never what it happens to give: a member's page is
   ``login`` for anonymous visitors, a staff page is ``403`` (or ``admin``) for editors, someone
   else's object is ``404``.
3. If the path takes an argument that is not an ``int:pk`` of the view's own model (or one of the
   names in ``ARGS_BY_NAME``), say where it comes from in ``ARGS_BY_URL``, using the rows that
   ``world`` builds (add one there if the view needs a new kind of object).
4. ``MATRIX_OBSERVE=1 python -m pytest tests/test_permission_matrix.py -q -s`` prints today's
   answers in the table's layout, to compare with what you wrote. Where they differ and the view
   is wrong, fix the view, not the row.

Wildcard rows (``wagtailimages:*``) are allowed for Wagtail's own admin only; every URL of the
project (its views, its snippets and their choosers, its viewsets) needs a row of its own.
"""

import fnmatch
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django.utils.regex_helper import normalize

# Marked so that pytest-django creates the test database; the rows live in ``world``.
pytestmark = pytest.mark.django_db

ROLES = ("anon", "appl", "memb", "alum", "ment", "edit", "staff", "super")
ROLE_NAMES = {
    "anon": "anonymous",
    "appl": "applicant",
    "memb": "member",
    "alum": "alumnus",
    "ment": "mentor",
    "edit": "editor",
    "staff": "staff",
    "super": "superuser",
}
ANSWERS = {"200", "400", "403", "404", "405", "login", "admin", "302", "301"}
# Wagtail's /admin/failwhale/ raises on purpose, so that staff can see that error reports arrive;
# no other row may expect a 500.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}

# The apps whose URLs (views, snippets, choosers, viewsets) each need an explicit row.
PROJECT_APPS = ("community", "events", "home", "mentoring", "notifications", "grunderhus")

MATRIX = """
# url name (or route)                                               anon  appl  memb  alum  ment  edit  staff super

# --- Public pages, feeds and files ----------------------------------------------------------------------------
healthz                                                             200   200   200   200   200   200   200   200
root                                                                302   302   302   302   302   302   302   302
sitemap                                                             200   200   200   200   200   200   200   200
robots_txt                                                          200   200   200   200   200   200   200   200
public_page                                                         200   200   200   200   200   200   200   200
# Same path, served by public_page:
wagtail_serve                                                       200   200   200   200   200   200   200   200
search                                                              200   200   200   200   200   200   200   200
news_feed                                                           200   200   200   200   200   200   200   200
startup_directory                                                   200   200   200   200   200   200   200   200
# Wagtail's own front-end login is kept out (no rate limits, no TOTP step):
wagtailcore_login                                                   404   404   404   404   404   404   404   404
wagtailcore_authenticate_with_password                              200   200   200   200   200   200   200   200
wagtaildocs_serve                                                   200   200   200   200   200   200   200   200
wagtaildocs_authenticate_with_password                              200   200   200   200   200   200   200   200

# --- Accounts (allauth; the admin's own login and reset go to allauth's) --------------------------------------
account_login                                                       200   302   302   302   302   302   302   302
account_logout                                                      302   200   200   200   200   200   200   200
account_signup                                                      200   302   302   302   302   302   302   302
account_inactive                                                    200   200   200   200   200   200   200   200
account_reauthenticate                                              login 200   200   200   200   200   200   200
account_request_reauthentication_code                               login 200   200   200   200   200   200   200
account_confirm_reauthentication_code                               login 302   302   302   302   302   302   302
account_email                                                       login 200   200   200   200   200   200   200
account_email_verification_sent                                     200   200   200   200   200   200   200   200
account_confirm_email                                               200   200   200   200   200   200   200   200
account_change_password                                             login 200   200   200   200   200   200   200
account_set_password                                                login 302   302   302   302   302   302   302
account_reset_password                                              200   200   200   200   200   200   200   200
account_reset_password_done                                         200   200   200   200   200   200   200   200
# The member's own key:
account_reset_password_from_key                                     302   302   200   302   302   302   302   302
account_reset_password_from_key_done                                200   200   200   200   200   200   200   200
account_confirm_login_code                                          login 302   302   302   302   302   302   302
mfa_index                                                           login 200   200   200   200   200   200   200
mfa_authenticate                                                    login 302   302   302   302   302   302   302
mfa_reauthenticate                                                  login 302   302   302   302   302   302   302
mfa_activate_totp                                                   login 302   302   302   302   302   302   302
# Nobody here has TOTP:
mfa_deactivate_totp                                                 login 404   404   404   404   404   404   404
mfa_view_recovery_codes                                             login 404   404   404   404   404   404   404
mfa_generate_recovery_codes                                         login 302   302   302   302   302   302   302
mfa_download_recovery_codes                                         login 404   404   404   404   404   404   404
wagtailadmin_login                                                  login login login login login login login login
wagtailadmin_password_reset                                         302   302   302   302   302   302   302   302
wagtailadmin_password_reset_done                                    302   302   302   302   302   302   302   302
wagtailadmin_password_reset_confirm                                 302   302   302   302   302   302   302   302
wagtailadmin_password_reset_complete                                302   302   302   302   302   302   302   302

# --- Min side: seats and profile (the application is the applicant's, the offer theirs too) -------------------
dashboard                                                           login 200   200   200   200   200   200   200
profile_edit                                                        login 200   200   200   200   200   200   200
seat_apply                                                          login 200   200   200   200   200   200   200
seat_application_detail                                             login 200   404   404   404   404   404   404
seat_application_withdraw                                           login 405   405   405   405   405   405   405
seat_offer_respond                                                  login 405   405   405   405   405   405   405
notifications_preferences                                           login 200   200   200   200   200   200   200
notifications_feed_rotate                                           login 405   405   405   405   405   405   405
# The secret address is the key:
notifications_feed                                                  200   200   200   200   200   200   200   200

# --- Events (token links are the key; registering is POST only) -----------------------------------------------
events:public_feed                                                  200   200   200   200   200   200   200   200
events:event_ics                                                    200   200   200   200   200   200   200   200
events:guest_confirm                                                200   200   200   200   200   200   200   200
events:registration_manage                                          200   200   200   200   200   200   200   200
events:member_register                                              405   405   405   405   405   405   405   405

# --- Mentoring (the match and session are between the mentor and the member) ----------------------------------
mentoring:mentor_list                                               200   200   200   200   200   200   200   200
mentoring:overview                                                  login 200   200   200   200   200   200   200
mentoring:request_create                                            login 403   200   403   403   403   403   403
mentoring:profile                                                   login 403   403   403   200   403   403   403
mentoring:availability                                              login 403   403   403   200   403   403   403
mentoring:mentor_feedback                                           login 403   403   403   200   403   403   403
mentoring:match_answer                                              login 405   405   405   405   405   405   405
mentoring:book                                                      login 404   200   404   200   404   404   404
mentoring:sessions                                                  login 200   200   200   200   200   200   200
mentoring:session_cancel                                            login 404   200   404   200   404   404   404
mentoring:session_move                                              login 404   200   404   200   404   404   404
mentoring:feedback                                                  login 404   200   404   200   404   404   404

# Everything under /admin/: anonymous visitors are sent to the login, signed-in people without
# admin access get a 403 at the door (community.middleware), so only editors, staff and
# superusers reach the views themselves.
# --- The project's admin views (register_admin_urls): house staff only ----------------------------------------
seats_admin:queue                                                   login 403   403   403   403   admin 200   200
seats_admin:application                                             login 403   403   403   403   admin 200   200
seats_admin:map                                                     login 403   403   403   403   admin 200   200
seats_admin:allocate                                                login 403   403   403   403   admin 200   200
seats_admin:allocation                                              login 403   403   403   403   admin 200   200
seats_admin:occupancy                                               login 403   403   403   403   admin 200   200
people_admin:index                                                  login 403   403   403   403   403   200   200
people_admin:invite_mentor                                          login 403   403   403   403   403   200   200
people_admin:person                                                 login 403   403   403   403   403   200   200
events_admin:overview                                               login 403   403   403   403   admin 200   200
events_admin:registrations                                          login 403   403   403   403   admin 200   200
events_admin:check_in                                               login 403   403   403   403   admin 200   200
events_admin:check_in_toggle                                        login 403   403   403   403   admin 405   405
# Editors manage events too:
events_admin:cancel_event                                           login 403   403   403   403   200   200   200
mentoring_admin:board                                               login 403   403   403   403   admin 200   200
mentoring_admin:run                                                 login 403   403   403   403   admin 405   405
mentoring_admin:decide                                              login 403   403   403   403   admin 405   405
mentoring_admin:propose                                             login 403   403   403   403   admin 405   405
mentoring_admin:report                                              login 403   403   403   403   admin 200   200
notifications_retry                                                 login 403   403   403   403   405   405   405

# --- The outbox viewset: staff read it; nobody adds, edits or deletes rows ------------------------------------
notifications_notification:index                                    login 403   403   403   403   admin 200   200
notifications_notification:index_results                            login 403   403   403   403   admin 200   200
notifications_notification:inspect                                  login 403   403   403   403   admin 200   200
notifications_notification:add                                      login 403   403   403   403   admin admin admin
notifications_notification:edit                                     login 403   403   403   403   admin admin admin
notifications_notification:delete                                   login 403   403   403   403   admin admin admin
notifications_notification:history                                  login 403   403   403   403   admin admin admin
notifications_notification:history_results                          login 403   403   403   403   admin admin admin
notifications_notification:usage                                    login 403   403   403   403   admin admin admin

# --- Snippets: desks and startups (staff; never deleted) ------------------------------------------------------
wagtailsnippets:index                                               login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:list                                 login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:list_results                         login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:add                                  login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:edit                                 login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:copy                                 login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:usage                                login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:history                              login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:history_results                      login 403   403   403   403   admin 200   200
wagtailsnippets_community_desk:delete                               login 403   403   403   403   admin admin admin
wagtailsnippetchoosers_community_desk:choose                        login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_desk:choose_results                login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_desk:chosen                        login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_desk:chosen_multiple               login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_desk:create                        login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:list                              login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:list_results                      login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:add                               login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:edit                              login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:copy                              login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:usage                             login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:history                           login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:history_results                   login 403   403   403   403   admin 200   200
wagtailsnippets_community_startup:delete                            login 403   403   403   403   admin admin admin
wagtailsnippetchoosers_community_startup:choose                     login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_startup:choose_results             login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_startup:chosen                     login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_startup:chosen_multiple            login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_community_startup:create                     login 403   403   403   403   admin 200   200

# --- Snippets: conflicts of interest (staff, who do the matching) ---------------------------------------------
wagtailsnippets_mentoring_conflictofinterest:list                   login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:list_results           login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:add                    login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:edit                   login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:copy                   login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:usage                  login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:history                login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:history_results        login 403   403   403   403   admin 200   200
wagtailsnippets_mentoring_conflictofinterest:delete                 login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_mentoring_conflictofinterest:choose          login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_mentoring_conflictofinterest:choose_results  login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_mentoring_conflictofinterest:chosen          login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_mentoring_conflictofinterest:chosen_multiple login 403   403   403   403   admin 200   200
wagtailsnippetchoosers_mentoring_conflictofinterest:create          login 403   403   403   403   admin 200   200

# --- Snippets: events (editors and staff; only superusers delete) ---------------------------------------------
wagtailsnippets_events_event:list                                   login 403   403   403   403   200   200   200
wagtailsnippets_events_event:list_results                           login 403   403   403   403   200   200   200
wagtailsnippets_events_event:add                                    login 403   403   403   403   200   200   200
wagtailsnippets_events_event:edit                                   login 403   403   403   403   200   200   200
wagtailsnippets_events_event:copy                                   login 403   403   403   403   200   200   200
wagtailsnippets_events_event:usage                                  login 403   403   403   403   200   200   200
wagtailsnippets_events_event:history                                login 403   403   403   403   200   200   200
wagtailsnippets_events_event:history_results                        login 403   403   403   403   200   200   200
wagtailsnippets_events_event:delete                                 login 403   403   403   403   admin admin 200
wagtailsnippetchoosers_events_event:choose                          login 403   403   403   403   200   200   200
wagtailsnippetchoosers_events_event:choose_results                  login 403   403   403   403   200   200   200
wagtailsnippetchoosers_events_event:chosen                          login 403   403   403   403   200   200   200
wagtailsnippetchoosers_events_event:chosen_multiple                 login 403   403   403   403   200   200   200
wagtailsnippetchoosers_events_event:create                          login 403   403   403   403   200   200   200

# --- Users and groups (Wagtail's user admin on the project's user model): superusers --------------------------
wagtailusers_users:index                                            login 403   403   403   403   admin admin 200
wagtailusers_users:index_results                                    login 403   403   403   403   admin admin 200
wagtailusers_users:add                                              login 403   403   403   403   admin admin 200
wagtailusers_users:edit                                             login 403   403   403   403   admin admin 200
wagtailusers_users:copy                                             login 403   403   403   403   admin admin 200
wagtailusers_users:delete                                           login 403   403   403   403   admin admin 200
wagtailusers_users:usage                                            login 403   403   403   403   admin admin 200
wagtailusers_users:history                                          login 403   403   403   403   admin admin 200
wagtailusers_users:history_results                                  login 403   403   403   403   admin admin 200
wagtailusers_groups:*                                               login 403   403   403   403   admin admin 200

# --- Site settings (the house's contact details): superusers --------------------------------------------------
# To the default site's:
/admin/settings/<slug:app_name>/<slug:model_name>/                  login 403   403   403   403   admin admin 302
/admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/         login 403   403   403   403   admin admin 200
wagtailsettings:preview_on_edit                                     login 403   403   403   403   admin admin 404

# --- Wagtail's admin: pages, images and documents (editors), the rest (superusers) ----------------------------
wagtailadmin_home                                                   login 403   403   403   403   200   200   200
# Wagtail's deliberate error page:
wagtailadmin_error_test                                             login 403   403   403   403   500   500   500
/admin/test404/                                                     login 403   403   403   403   200   200   200
/admin/^.*/$                                                        login 403   403   403   403   404   404   404
wagtailadmin_sprite                                                 200   403   403   403   403   200   200   200
wagtailadmin_javascript_catalog                                     200   403   403   403   403   200   200   200
wagtailadmin_account                                                login 403   403   403   403   200   200   200
wagtailadmin_dismissibles                                           login 403   403   403   403   200   200   200
wagtailadmin_logout                                                 login login login login login 405   405   405
# Without a block:
wagtailadmin_block_preview                                          login 403   403   403   403   404   404   404
wagtailadmin_editing_sessions:*                                     login 403   403   403   403   405   405   405
wagtailadmin_tag_*autocomplete                                      login 403   403   403   403   200   200   200
wagtailadmin_choose_page*                                           login 403   403   403   403   200   200   200
wagtailembeds:*                                                     login 403   403   403   403   200   200   200
wagtailadmin_explore*                                               login 403   403   403   403   200   admin 200
# Lists what the user may not do:
wagtail_bulk_action                                                 login 403   403   403   403   200   200   200
wagtailadmin_pages:*                                                login 403   403   403   403   200   admin 200
# One allowed page type:
wagtailadmin_pages:add_subpage                                      login 403   403   403   403   302   admin 302
wagtailadmin_pages:choose_parent                                    login 403   403   403   403   200   200   200
# Not an alias:
wagtailadmin_pages:convert_alias                                    login 403   403   403   403   404   404   404
# The POST checks:
wagtailadmin_pages:move_confirm                                     login 403   403   403   403   200   200   200
wagtailadmin_pages:confirm_workflow_cancellation                    login 403   403   403   403   200   200   200
wagtailadmin_pages:revisions_index                                  login 403   403   403   403   302   302   302
wagtailadmin_pages:set_page_position                                login 403   403   403   403   405   405   405
wagtailadmin_pages:lock                                             login 403   403   403   403   405   405   405
wagtailadmin_pages:unlock                                           login 403   403   403   403   405   405   405
# Without a query:
wagtailadmin_api:*:find                                             login 403   403   403   403   404   404   404
wagtailadmin_api:pages:action                                       login 403   403   403   403   405   405   405
wagtailadmin_api:pages:detail                                       login 403   403   403   403   200   404   200
wagtailadmin_api:*                                                  login 403   403   403   403   200   200   200
wagtailadmin_reports:site_history*                                  login 403   403   403   403   200   200   200
wagtailadmin_reports:*                                              login 403   403   403   403   200   admin 200
# Not a form page:
wagtailforms:list_submissions*                                      login 403   403   403   403   404   404   404
wagtailforms:delete_submissions                                     login 403   403   403   403   admin admin admin
wagtailforms:*                                                      login 403   403   403   403   200   admin 200
# No dynamic image serve view:
wagtailimages:url_generator*                                        login 403   403   403   403   404   admin 404
wagtailimages:*_multiple*                                           login 403   403   403   403   405   405   405
wagtailimages:add_multiple                                          login 403   403   403   403   200   admin 200
wagtailimages:*                                                     login 403   403   403   403   200   admin 200
wagtailimages_chooser:create                                        login 403   403   403   403   200   admin 200
# Staff choose images for events:
wagtailimages_chooser:*                                             login 403   403   403   403   200   200   200
wagtaildocs:*_multiple*                                             login 403   403   403   403   405   405   405
wagtaildocs:add_multiple                                            login 403   403   403   403   200   admin 200
wagtaildocs:*                                                       login 403   403   403   403   200   admin 200
wagtaildocs_chooser:chosen                                          login 403   403   403   403   200   admin 200
wagtaildocs_chooser:create                                          login 403   403   403   403   200   admin 200
# Lists no documents to staff:
wagtaildocs_chooser:*                                               login 403   403   403   403   200   200   200
wagtailadmin_collections:delete                                     login 403   403   403   403   404   404   200
wagtailadmin_collections:*                                          login 403   403   403   403   admin admin 200
wagtailadmin_workflows:enable*                                      login 403   403   403   403   405   405   405
wagtailadmin_workflows:remove                                       login 403   403   403   403   405   405   405
wagtailadmin_workflows:select_task_type                             login 403   403   403   403   admin admin 302
# Creating needs the permission:
wagtailadmin_workflows:task_cho*                                    login 403   403   403   403   200   200   200
wagtailadmin_workflows:*                                            login 403   403   403   403   admin admin 200
wagtailredirects:process_import                                     login 403   403   403   403   admin admin 405
wagtailredirects:*                                                  login 403   403   403   403   admin admin 200
# Every language exists already:
wagtaillocales:add                                                  login 403   403   403   403   admin admin admin
wagtaillocales:*                                                    login 403   403   403   403   admin admin 200
wagtailsites:*                                                      login 403   403   403   403   admin admin 200
# Events are not translatable snippets:
simple_translation:submit_snippet_translation                       login 403   403   403   403   admin admin 404
simple_translation:*                                                login 403   403   403   403   admin admin 200
"""  # noqa: E501 (a table reads best on one line a row)


# --- Enumerating the URL conf -----------------------------------------------------------------


@dataclass
class Url:
    route: str  # "/admin/snippets/community/desk/edit/<int:pk>/"
    name: str | None  # "wagtailsnippets_community_desk:edit"
    regex: str  # the whole pattern as one regex, for filling in the arguments
    params: list[str]
    callback: object
    model: type | None = None

    @property
    def key(self):
        return self.name or self.route

    @property
    def module(self):
        view = getattr(self.callback, "view_class", self.callback)
        return getattr(view, "__module__", "") or ""

    @property
    def is_project(self):
        """A URL of the project's own: its views, or a Wagtail view for one of its models."""
        if self.module.split(".")[0] in PROJECT_APPS:
            return True
        if self.model is not None and self.model._meta.app_label in PROJECT_APPS:
            return True
        namespace = (self.name or "").split(":")[0]
        return any(
            namespace.startswith(f"wagtailsnippet{kind}_{app}_")
            for kind in ("s", "choosers")
            for app in PROJECT_APPS
        )


def _view_model(callback):
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) else None


def enumerate_urls():
    """Every URL pattern of the URL conf, with the language prefix as /nb/."""
    found = []

    def walk(patterns, route, regex, namespaces):
        for p in patterns:
            piece = p.pattern.regex.pattern
            piece = piece[1:] if piece.startswith("^") else piece
            if isinstance(p, URLResolver):
                ns = [*namespaces, p.namespace] if p.namespace else namespaces
                walk(p.url_patterns, route + str(p.pattern), regex + piece, ns)
            elif isinstance(p, URLPattern):
                name = ":".join([*namespaces, p.name]) if p.name else None
                full = regex + piece
                found.append(
                    Url(
                        route="/" + route + str(p.pattern),
                        name=name,
                        regex=full,
                        params=sorted(set(normalize(full)[0][1])),
                        callback=p.callback,
                        model=_view_model(p.callback),
                    )
                )

    with translation.override(settings.LANGUAGE_CODE):
        walk(get_resolver().url_patterns, "", "", [])
    return found


# --- The table --------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    answers: dict
    line: int
    urls: list = field(default_factory=list)

    @property
    def is_wildcard(self):
        return any(c in self.key for c in "*?[")

    def matches(self, url):
        if self.key.startswith("/"):
            return url.route == self.key
        if self.is_wildcard:
            return url.name is not None and fnmatch.fnmatchcase(url.name, self.key)
        return url.name == self.key


def parse_matrix():
    rows, problems = [], []
    for number, line in enumerate(MATRIX.splitlines(), start=1):
        text = line.split("  #")[0].strip()
        if not text or text.startswith("#"):
            continue
        key, *cells = text.split()
        allowed = ANSWERS | ({"500"} if key in DELIBERATE_ERRORS else set())
        bad = [c for c in cells if c not in allowed]
        if len(cells) != len(ROLES) or bad:
            problems.append(f"MATRIX line {number}: {line.strip()!r}")
            continue
        rows.append(Row(key, dict(zip(ROLES, cells, strict=True)), number))
    return rows, problems


def row_for(url, rows):
    """The most specific row: the route, then the name, then the first matching wildcard."""
    for kind in ("route", "name", "wildcard"):
        for row in rows:
            is_kind = (
                "route" if row.key.startswith("/") else ("wildcard" if row.is_wildcard else "name")
            )
            if is_kind == kind and row.matches(url):
                return row
    return None


# --- Fixture rows -----------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def build_world():
    """One of everything a URL can point at, made through the services where there is one."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Locale,
        Page,
        PageViewRestriction,
        Site,
        UploadedFile,
        Workflow,
        WorkflowTask,
    )

    from community import roles
    from community import services as community
    from community.models import User
    from events.models import Event, Registration
    from mentoring.models import ConflictOfInterest, Match
    from notifications.models import Notification
    from notifications.services import calendar_feed_get_or_create
    from tests.factories.community import DeskFactory
    from tests.factories.events import EventFactory, RegistrationFactory, event_index_pages
    from tests.factories.home import NewsPageFactory, StandardPageFactory, image_create, site_tree
    from tests.factories.mentoring import (
        MatchFactory,
        MentoringRequestFactory,
        MentorProfileFactory,
        SessionFactory,
    )

    w = SimpleNamespace()
    today = timezone.localdate()
    now = timezone.now()

    # Pages: the site tree, an article, a page behind a password, a page in moderation.
    w.tree = site_tree()
    w.news = NewsPageFactory(parent=w.tree.news_index)
    w.event_index, _ = event_index_pages(w.tree)
    w.standard = StandardPageFactory(parent=w.tree.home)
    w.private = StandardPageFactory(parent=w.tree.home, title="Internt", slug="internt")
    w.page_restriction = PageViewRestriction.objects.create(
        page=w.private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    w.site = Site.objects.get(is_default_site=True)
    w.locale = Locale.objects.get(language_code="nb")

    def person(label, **kwargs):
        return community.user_create(
            email=f"{label}@matrise.example.no",
            full_name=f"{label.title()} Matrisen",
            password=PASSWORD,
            **kwargs,
        )

    # The eight roles (anonymous has no account).
    su = person("superbruker", is_superuser=True)
    staff = person("stab")
    community.role_grant(user=staff, role=roles.STAFF, by=su, reason="Driver huset")
    editor = person("redaktor")
    community.role_grant(user=editor, role=roles.EDITOR, by=staff, reason="Skriver nyheter")
    mentor = person("mentor")
    w.mentor_profile = MentorProfileFactory(user=mentor)
    community.role_grant(user=mentor, role=roles.MENTOR, by=staff, reason="Erfaren gründer")

    applicant = person("soker")
    w.applicant_startup = community.startup_create(name="Søkerbedriften AS", members=[applicant])
    w.application = community.seat_application_submit(
        applicant=applicant,
        startup=w.applicant_startup,
        motivation="Vi vil bygge en sirkulær bedrift i Asker.",
        desired_start=today + timedelta(days=30),
    )

    member = person("medlem")
    w.member_startup = community.startup_create(
        name="Medlemsbedriften AS", members=[member], listed=True
    )
    w.desk = DeskFactory()
    # Holding a desk is what makes a member (seat_allocate syncs the role; asserted below).
    w.allocation = community.seat_allocate(
        desk=w.desk, member=member, start=today, by=staff, startup=w.member_startup
    )

    # A member until 30 days ago: joined on their first day, made an alumnus by the daily run.
    alumnus = person("alumn")
    start = today - timedelta(days=400)
    community.seat_allocate(
        desk=DeskFactory(), member=alumnus, start=start, end=today - timedelta(days=30), by=staff
    )
    community.membership_sync(user=alumnus, today=start)
    community.memberships_end_due(today=today)

    # A desk offered to the applicant (reserved, not held), which they may answer.
    w.offer = community.seat_offer_make(
        application=w.application,
        desk=DeskFactory(),
        start=today + timedelta(days=30),
        deadline=now + timedelta(days=7),
        by=staff,
    )

    w.users = {
        "appl": applicant,
        "memb": member,
        "alum": alumnus,
        "ment": mentor,
        "edit": editor,
        "staff": staff,
        "super": su,
    }
    for user in w.users.values():
        user.refresh_from_db()
    held = {r: set(u.groups.values_list("name", flat=True)) for r, u in w.users.items()}
    assert held == {
        "appl": set(),
        "memb": {roles.ENTREPRENEUR},
        "alum": {roles.ALUMNUS},
        "ment": {roles.MENTOR},
        "edit": {roles.EDITOR},
        "staff": {roles.STAFF},
        "super": set(),
    }, held
    assert su.is_superuser and not staff.is_superuser

    # Mentoring: the member is the mentor's mentee, with a session next week.
    w.mentoring_request = MentoringRequestFactory(entrepreneur=member, status="matched")
    w.match = MatchFactory(
        request=w.mentoring_request, mentor=w.mentor_profile, status=Match.Status.ACCEPTED
    )
    next_week = (now + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    w.session = SessionFactory(match=w.match, start=next_week)
    w.conflict = ConflictOfInterest.objects.create(
        mentor=w.mentor_profile, entrepreneur=alumnus, reason="Familie", created_by=staff
    )

    # Events: a public event, a guest waiting to confirm, the member's registration.
    w.event = EventFactory(slug="frokostmote-matrise")
    w.guest_pending = RegistrationFactory(
        event=w.event,
        status=Registration.Status.PENDING,
        queued_at=None,
        confirmed_at=None,
    )
    w.registration = RegistrationFactory(
        event=w.event, user=member, name=member.full_name, email=member.email
    )
    w.members_event = EventFactory(slug="medlemsmote-matrise", audience=Event.Audience.MEMBERS)

    # Notifications: the outbox rows the services above queued, and the member's feed.
    w.notification = Notification.objects.order_by("pk").first()
    assert w.notification is not None
    w.feed = calendar_feed_get_or_create(user=member)

    # Accounts: a real e-mail confirmation key and a real password reset key.
    unverified = person("ubekreftet", verified=False)
    w.confirm_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key
    w.reset_uid = user_pk_to_url_str(member)
    w.reset_key = default_token_generator.make_token(member)

    # Wagtail's own objects.
    w.image = image_create()
    document_model = get_document_model()
    w.document = document_model.objects.create(
        title="Vedtekter", file=ContentFile(b"%PDF-1.4 vedtekter", name="vedtekter.pdf")
    )
    w.collection = Collection.get_first_root_node().add_child(name="Interne dokumenter")
    w.collection_restriction = CollectionViewRestriction.objects.create(
        collection=w.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="hemmelig",
    )
    w.redirect = Redirect.objects.create(old_path="/gammel-side", redirect_page=w.news)
    w.uploaded = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        file=ContentFile(b"x", name="opplasting.png"),
        uploaded_by_user=editor,
    )
    w.editing_session = EditingSession.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(w.news.pk),
        last_seen_at=now,
    )
    w.task = GroupApprovalTask.objects.create(name="Godkjenning")
    w.task.groups.set([Group.objects.get(name=roles.EDITOR)])
    w.workflow = Workflow.objects.create(name="Matrisen godkjenner")
    WorkflowTask.objects.create(workflow=w.workflow, task=w.task, sort_order=0)
    w.moderated = StandardPageFactory(parent=w.tree.home, title="Til godkjenning")
    w.moderated.save_revision(user=editor)
    w.workflow_state = w.workflow.start(w.moderated, editor)
    w.task_state = w.workflow_state.current_task_state

    # The row a bare ``pk`` means, by the model the URL belongs to.
    w.rows = {
        User: member,
        Group: Group.objects.get(name=roles.EDITOR),
        Site: w.site,
        Locale: w.locale,
        Collection: w.collection,
        Workflow: w.workflow,
        Redirect: w.redirect,
        get_image_model(): w.image,
        document_model: w.document,
        Page: w.news,
        Event: w.event,
        Notification: w.notification,
        ConflictOfInterest: w.conflict,
        type(w.desk): w.desk,
        type(w.member_startup): w.applicant_startup,
    }
    return w


# --- Path arguments ---------------------------------------------------------------------------

# By URL name (wildcards allowed; the first match wins). Each returns the path arguments, and
# may add "?": a query string.
ARGS_BY_URL = {
    "seat_application_detail": lambda w, u: {"pk": w.application.pk},
    "seat_application_withdraw": lambda w, u: {"pk": w.application.pk},
    "seat_offer_respond": lambda w, u: {"pk": w.offer.pk},
    "seats_admin:application": lambda w, u: {"pk": w.application.pk},
    "people_admin:*": lambda w, u: {"pk": w.users["memb"].pk},
    "seats_admin:allocation": lambda w, u: {"pk": w.allocation.pk},
    "events:guest_confirm": lambda w, u: {"token": w.guest_pending.token},
    "events:registration_manage": lambda w, u: {"token": w.registration.token},
    "events:*": lambda w, u: {"slug": w.event.slug},
    "events_admin:check_in_toggle": lambda w, u: {
        "pk": w.event.pk,
        "registration_pk": w.registration.pk,
    },
    "events_admin:*": lambda w, u: {"pk": w.event.pk},
    "mentoring:session_*": lambda w, u: {"pk": w.session.pk},
    "mentoring:feedback": lambda w, u: {"pk": w.session.pk},
    "mentoring:*": lambda w, u: {"pk": w.match.pk},
    "mentoring_admin:decide": lambda w, u: {"pk": w.match.pk},
    "mentoring_admin:propose": lambda w, u: {"pk": w.mentoring_request.pk},
    "notifications_feed": lambda w, u: {"token": w.feed.token},
    "notifications_retry": lambda w, u: {"pk": w.notification.pk},
    "account_confirm_email": lambda w, u: {"key": w.confirm_key},
    "account_reset_password_from_key": lambda w, u: {"uidb36": w.reset_uid, "key": w.reset_key},
    "public_page": lambda w, u: {"_0": ""},
    "wagtail_serve": lambda w, u: {"_0": ""},
    "wagtailcore_authenticate_with_password": lambda w, u: {
        "page_view_restriction_id": w.page_restriction.pk,
        "page_id": w.private.pk,
    },
    "wagtaildocs_serve": lambda w, u: {"_0": w.document.pk, "_1": w.document.filename},
    "wagtaildocs_authenticate_with_password": lambda w, u: {
        "restriction_id": w.collection_restriction.pk
    },
    "wagtailadmin_password_reset_confirm": lambda w, u: {"uidb64": "MQ", "token": "set-password"},
    "wagtailadmin_pages:revisions_compare": lambda w, u: {
        "pk": w.news.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
    "wagtailadmin_pages:*workflow*": lambda w, u: {
        "page_id": w.moderated.pk,
        "action_name": "approve",
        "task_state_id": w.task_state.pk,
        "task_id": w.task.pk,
        "workflow_state_id": w.workflow_state.pk,
    },
    "wagtailadmin_pages:type_use*": lambda w, u: {
        "content_type_app_name": "home",
        "content_type_model_name": "standardpage",
    },
    "wagtailadmin_pages:choose_parent": lambda w, u: {
        "app_label": "home",
        "model_name": "standardpage",
    },
    "wagtailadmin_pages:move_confirm": lambda w, u: {
        "page_to_move_id": w.news.pk,
        "destination_id": w.tree.home.pk,
    },
    "wagtailadmin_api:pages:action": lambda w, u: {"pk": w.news.pk, "action_name": "copy"},
    "wagtailadmin_api:pages:*": lambda w, u: {"pk": w.news.pk},
    "wagtailadmin_api:documents:*": lambda w, u: {"pk": w.document.pk},
    "wagtailadmin_api:images:*": lambda w, u: {"pk": w.image.pk},
    "wagtail_bulk_action": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "action": "delete",
        "?": f"id={w.news.pk}",
    },
    "wagtailadmin_tag_model_autocomplete": lambda w, u: {"app_name": "taggit", "model_name": "tag"},
    "wagtailadmin_editing_sessions:ping": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "object_id": w.news.pk,
        "session_id": w.editing_session.pk,
    },
    "wagtailadmin_editing_sessions:release": lambda w, u: {"session_id": w.editing_session.pk},
    "wagtailadmin_workflows:add_task": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "wagtailadmin_workflows:*_task": lambda w, u: {"pk": w.task.pk},
    "wagtailadmin_workflows:remove": lambda w, u: {
        "page_pk": w.moderated.pk,
        "workflow_pk": w.workflow.pk,
    },
    "wagtailadmin_workflows:*": lambda w, u: {"pk": w.workflow.pk},
    "wagtailsettings:*": lambda w, u: {
        "app_name": "home",
        "model_name": "housesettings",
        "pk": w.site.pk,
    },
    "simple_translation:submit_snippet_translation": lambda w, u: {
        "app_label": "events",
        "model_name": "event",
        "pk": w.event.pk,
    },
    "wagtaildocs_chooser:chosen_multiple": lambda w, u: {"?": f"id={w.document.pk}"},
    "wagtaildocs_chooser:*": lambda w, u: {"pk": w.document.pk},
    "*chooser*:chosen_multiple": lambda w, u: {"?": f"id={w.rows[u.model].pk}"},
}

# By argument name, for whatever ARGS_BY_URL left open.
ARGS_BY_NAME = {
    "page_id": lambda w: w.news.pk,
    "parent_page_id": lambda w: w.tree.home.pk,
    "page_to_move_id": lambda w: w.news.pk,
    "revision_id": lambda w: w.news.latest_revision_id,
    "content_type_app_name": lambda w: "home",
    "content_type_model_name": lambda w: "standardpage",
    "image_id": lambda w: w.image.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "uploaded_file_id": lambda w: w.uploaded.pk,
    "filter_spec": lambda w: "fill-100x100",
    "collection_id": lambda w: w.collection.pk,
    "redirect_id": lambda w: w.redirect.pk,
    "task_id": lambda w: w.task.pk,
}


def url_path(url, w):
    """The concrete path (and query string) to request for a URL pattern."""
    values = {}
    for pattern, make in ARGS_BY_URL.items():
        if url.name and fnmatch.fnmatchcase(url.name, pattern):
            values = dict(make(w, url))
            break
    query = values.pop("?", "")
    for param in url.params:
        if param in values:
            continue
        if param in ARGS_BY_NAME:
            values[param] = ARGS_BY_NAME[param](w)
        elif param == "pk" and url.model is not None:
            row = w.rows.get(url.model) or url.model._default_manager.order_by("pk").first()
            if row is None:
                raise LookupError(f"no fixture row of {url.model._meta.label}: add one in world")
            values[param] = row.pk
    missing = [p for p in url.params if p not in values]
    if missing:
        raise LookupError(f"no value for {', '.join(missing)}: add it to ARGS_BY_URL")
    for pattern, params in normalize(url.regex):
        if set(params) <= set(values):
            path = "/" + pattern % {k: str(v) for k, v in values.items()}
            return path + (f"?{query}" if query else "")
    raise LookupError(f"cannot build a path from {url.regex!r}")


# --- Requests ---------------------------------------------------------------------------------


def login_paths():
    paths = {reverse("wagtailadmin_login")}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("account_login"))
    return paths


def answer_of(response, logins):
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target in logins:
            return "login"
        if target == reverse("wagtailadmin_home"):
            return "admin"
    return str(code)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The fixture rows, built once for the module inside a transaction that is rolled back.

    Files go to a temporary folder on disk, as in production (documents are served from a path);
    nothing is mailed (the outbox hands no row to a worker) and the request log stays quiet."""
    from notifications.tasks import notifications_send_batch

    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        mock.patch.object(notifications_send_batch, "delay"),
        _quiet("django.request", "django.security", "wagtail"),
        transaction.atomic(),
    ):
        w = build_world()
        w.urls = enumerate_urls()
        yield w
        transaction.set_rollback(True)
    if os.environ.get("MATRIX_OBSERVE"):
        print_observed()


@contextmanager
def _quiet(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# Today's answers, collected for MATRIX_OBSERVE=1.
OBSERVED = {}


def print_observed():
    print("\n# url name (or route)" + " " * 38 + "".join(f"{r:6}" for r in ROLES))
    for url, answers in OBSERVED.values():
        cells = "".join(f"{answers.get(r, '-'):6}" for r in ROLES)
        print(f"{url.key:60}{cells}".rstrip())


def test_every_url_has_a_row():
    rows, problems = parse_matrix()
    assert not problems, "Unreadable rows in MATRIX:\n" + "\n".join(problems)
    missing, wildcard_only = [], []
    for url in enumerate_urls():
        row = row_for(url, rows)
        if row is None:
            missing.append(f"{url.key}   ({url.route})")
        elif url.is_project and row.is_wildcard:
            wildcard_only.append(f"{url.key}   (only {row.key})")
        else:
            row.urls.append(url)
    unused = [f"MATRIX line {r.line}: {r.key}" for r in rows if not r.urls]
    message = []
    if missing:
        message += ["URL patterns without a row in MATRIX:", *missing]
    if wildcard_only:
        message += ["Project URLs need a row of their own, not a wildcard:", *wildcard_only]
    if unused:
        message += ["Rows that match no URL (remove or fix them):", *unused]
    assert not message, "\n".join(message)


@pytest.mark.parametrize("role", ROLES, ids=[ROLE_NAMES[r] for r in ROLES])
def test_role_gets_the_expected_answer_everywhere(world, role):
    rows, _problems = parse_matrix()
    logins = login_paths()
    client = Client(raise_request_exception=False)
    if role != "anon":
        client.force_login(world.users[role])
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    wrong = []
    started = time.monotonic()
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        for url in world.urls:
            row = row_for(url, rows)
            try:
                path = url_path(url, world)
            except LookupError as exc:
                wrong.append(f"{url.key}: {exc}")
                continue
            served_by = resolve(urlsplit(path).path)
            client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
            with transaction.atomic():
                response = client.get(path, follow=False)
                transaction.set_rollback(True)
            got = answer_of(response, logins)
            OBSERVED.setdefault(url.route + (url.name or ""), (url, {}))[1][role] = got
            want = row.answers[role] if row else "(no row)"
            if got != want:
                detail = ""
                if response.has_header("Location"):
                    detail = f" → {response['Location']}"
                if response.status_code >= 500 and getattr(response, "exc_info", None):
                    detail = f" {response.exc_info[1]!r}"
                if served_by.func is not url.callback:
                    detail += f" (served by {served_by.view_name})"
                wrong.append(f"{url.key:58} GET {path}: {got}{detail}, expected {want}")
    elapsed = time.monotonic() - started
    print(f"{ROLE_NAMES[role]}: {len(world.urls)} URLs in {elapsed:.1f}s")
    assert not wrong, f"{ROLE_NAMES[role]}: {len(wrong)} wrong answers\n" + "\n".join(wrong)
