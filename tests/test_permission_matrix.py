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
   names in ``ARGS_BY_NAME``), say where it comes from in ``ARGS_BY_URL`` in ``tests/world.py``,
   using the rows that ``build_world`` there makes (add one if the view needs a new kind of
   object).
4. ``MATRIX_OBSERVE=1 python -m pytest tests/test_permission_matrix.py -q -s`` prints today's
   answers in the table's layout, to compare with what you wrote. Where they differ and the view
   is wrong, fix the view, not the row.

Wildcard rows (``wagtailimages:*``) are allowed for Wagtail's own admin only; every URL of the
project (its views, its snippets and their choosers, its viewsets) needs a row of its own.
"""

import fnmatch
import os
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import translation

from tests.world import (
    DELIBERATE_ERRORS,
    ROLE_NAMES,
    ROLES,
    built_world,
    enumerate_urls,
    url_path,
)

# Marked so that pytest-django creates the test database; the rows live in ``world``.
pytestmark = pytest.mark.django_db

ANSWERS = {"200", "400", "403", "404", "405", "login", "admin", "302", "301"}


MATRIX = """
# url name (or route)                                               anon  appl  memb  alum  ment  edit  staff super

# --- Public pages, feeds and files ----------------------------------------------------------------------------
healthz                                                             200   200   200   200   200   200   200   200
# Readiness: 200 while the database (and Redis, with REDIS_URL) answer; 503 for everyone when not.
readyz                                                              200   200   200   200   200   200   200   200
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
    """The fixture rows (tests/world.py), built once for the module and rolled back after."""
    with built_world(django_db_blocker, tmp_path_factory.mktemp("media")) as w:
        yield w
    if os.environ.get("MATRIX_OBSERVE"):
        print_observed()


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
