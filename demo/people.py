from teams.models import School, User


def demo_person(
    *, school: School, email: str, name: str, job: str, days: int, password: str, leader: bool
) -> tuple[User, bool]:
    """A demo school's member of staff, made once (the leader also manages staff)."""
    return User.objects.get_or_create(
        email=email,
        defaults={
            "name": name,
            "school": school,
            "job_title": job,
            "working_days": days,
            "password": password,
            "role": User.Role.LEADER if leader else User.Role.STAFF,
            "is_school_admin": leader,
        },
    )
