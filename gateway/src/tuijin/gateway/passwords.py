"""The password policy (密码规则) and one-time passwords.

A password is refused when it is shorter than :data:`MIN_LENGTH`, when it contains the account's username, or when
it is one of the 30,000 most common passwords of public breaches: the "passwords" frequency list the ``zxcvbn``
package ships (from Xato's 10-million-password corpus), compared case-insensitively. The policy applies wherever a
person's password is chosen: creating an account, changing one's password, and a reset with a chosen password.
"""

from __future__ import annotations

import functools
import secrets

from tuijin.gateway.errors import PasswordBreached, PasswordContainsUsername, PasswordTooShort

MIN_LENGTH = 10
MAX_LENGTH = 128
POLICY_TEXT = (f"at least {MIN_LENGTH} characters, not containing the username, and not one of the 30,000 most "
               "common passwords of public breaches")
# no 0/O, 1/l/I: a one-time password is read off a sheet or a screen and typed in
ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


@functools.cache
def breached_passwords() -> frozenset[str]:
    """The common passwords, lower case."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def check_password(password: str, username: str, *, field: str = "body.password") -> None:
    """Raise a 422 naming ``field`` when ``password`` breaks the policy."""
    if len(password) < MIN_LENGTH:
        raise PasswordTooShort(f"The password is shorter than {MIN_LENGTH} characters.", field=field,
                               message=f"密码至少需要 {MIN_LENGTH} 个字符。")
    if username and username.lower() in password.lower():
        raise PasswordContainsUsername("The password contains the username.", field=field,
                                       message="密码不能包含用户名。")
    if password.lower() in breached_passwords():
        raise PasswordBreached("The password is one of the most common breached passwords.", field=field,
                               message="该密码过于常见（出现在公开泄露的密码表中），请换一个。")


def one_time_password() -> str:
    """A random password of three groups of four (about 70 bits), e.g. ``Kp7m-Xq2r-T9zw``; it passes the policy."""
    while True:
        groups = ["".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)]
        candidate = "-".join(groups)
        if candidate.lower() not in breached_passwords():
            return candidate
