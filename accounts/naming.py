"""How a person is named where someone chooses them from a list: their name with the log-in that tells
two people of one name apart ('Mo Manager (manager-t)'), or the log-in alone."""


def name_and_login(person) -> str:
    full = person.get_full_name()
    return f"{full} ({person.username})" if full else person.username
