"""The company that signs the desk's documents: name, address, phone and an optional logo.

A new install knows none of them (no invented company is ever printed): the administrator gives
them at the first start, and a legal notice or a collection letter is refused until they are set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import authz, settings
from frontdesk.services.text import normalize, phone_problem

LOGO_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif"}
WHERE_TO_SET = "请管理员在“工具 → 设置”中填写公司名称、地址和电话后再打印"


@dataclass(frozen=True)
class CompanyProfile:
    name: str
    address: str
    phone: str
    logo: str = ""  # path of an image file, or ""


def profile(session: Session) -> CompanyProfile:
    return CompanyProfile(name=str(settings.get(session, "company_name") or ""),
                          address=str(settings.get(session, "company_address") or ""),
                          phone=str(settings.get(session, "desk_phone") or ""),
                          logo=str(settings.get(session, "company_logo") or ""))


def missing(session: Session) -> list[str]:
    """What is still to be filled in, by its Chinese label (empty when the company is set up)."""
    found = profile(session)
    return [label for label, value in (("公司名称", found.name), ("地址", found.address), ("电话", found.phone))
            if not value.strip()]


def is_set(session: Session) -> bool:
    return not missing(session)


def require_profile(session: Session, document: str) -> CompanyProfile:
    """The company for a document that carries legal weight; refused while name, address or phone is missing."""
    lacking = missing(session)
    if lacking:
        raise DomainError(f"还没有填写{'、'.join(lacking)}，不能打印{document}。{WHERE_TO_SET}。")
    return profile(session)


def check_logo(path_text: str) -> str | None:
    """None when the logo is fine (or not given), else what is wrong with it."""
    text = normalize(path_text)
    if not text:
        return None
    path = Path(text)
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return f"标志图片“{path.name}”应为 PNG、JPG 等图片文件"
    if not path.is_file():
        return f"找不到标志图片“{text}”，请重新选择"
    return None


def save_profile(session: Session, data: CompanyProfile) -> None:
    """Check every field first; save all or none."""
    authz.require(session, "settings")
    name, address, phone, logo = (normalize(v) for v in (data.name, data.address, data.phone, data.logo))
    errors: dict[str, str] = {}
    if not name:
        errors["company_name"] = "请填写公司名称（印在通知书、催缴函上），例如“某某物业服务有限公司”"
    elif len(name) > 100:
        errors["company_name"] = "公司名称不超过 100 个字"
    if not address:
        errors["company_address"] = "请填写公司地址（印在催缴函上，业主凭此找到我们）"
    elif len(address) > 200:
        errors["company_address"] = "地址不超过 200 个字"
    problem = phone_problem(phone) if phone else "请填写客服中心电话（印在通知书、催缴函上）"
    if problem:
        errors["desk_phone"] = problem
    logo_problem = check_logo(logo)
    if logo_problem:
        errors["company_logo"] = logo_problem
    if errors:
        raise ValidationError(errors)
    for key, value in (("company_name", name), ("company_address", address), ("desk_phone", phone),
                       ("company_logo", logo)):
        settings.put(session, key, value)
