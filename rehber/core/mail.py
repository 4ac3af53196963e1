"""E-mail to account holders that a mail server's failure cannot turn into an error page.

When the server is down or refuses a message, the person's work is kept (their
account, their message) and the log says which account missed an e-mail, by number:
never the address, which the mail library's own errors would carry.
"""

import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def mail_send(*, subject: str, body: str, user) -> bool:
    """Send a plain-text e-mail to ``user``; False when the mail server could not take it."""
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("E-mail to account %s not sent (%s).", user.pk, type(error).__name__)
        return False
    return True
