"""What a 政府网站 says about itself: the footer's identity block and the page metadata that
《政府网站发展指引》 asks of every page (SiteName, SiteDomain, SiteIDCode, ColumnName) and of
every article (ArticleTitle, PubDate, ContentSource, Keywords). docs/site-identity.md lists
the site_config.yml keys and where each one is shown.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from ..model.config import SiteConfig

# 全国互联网安全管理服务平台: a 公安备案号's record page is found by its digits.
POLICE_RECORD_QUERY = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}"
# 国务院办公厅政府网站找错平台: the site is named by its 标识码 and the page by its address.
ERROR_REPORT = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}&url="


def police_record_url(config: SiteConfig) -> str | None:
    if config.police_record_url:
        return config.police_record_url
    digits = re.search(r"\d{8,}", config.police_record or "")
    return POLICE_RECORD_QUERY.format(digits=digits.group()) if digits else None


def footer_identity(config: SiteConfig) -> dict:
    """The templates' `site.identity`: every value None when the office has not configured it.
    `error_report_page`: the page's own address is to be appended (URL-encoded) to the 找错 link."""
    error_url, per_page = config.error_report_url, False
    if not error_url and config.site_code:
        error_url, per_page = ERROR_REPORT.format(code=config.site_code), True
    contact = config.contact
    return {
        "domain": urlsplit(config.base_url).hostname or "",
        "sponsor": config.owner, "operator": config.operator, "site_code": config.site_code,
        "icp": config.icp, "icp_url": config.icp_url,
        "police_record": config.police_record, "police_record_url": police_record_url(config),
        "conac_url": config.conac_url, "error_report_url": error_url, "error_report_page": per_page,
        "contact": contact if any((contact.phone, contact.email, contact.address)) else None,
    }


def article(title: str, published: dt.date | None, source: str, keywords: list[str] | tuple = ()) -> dict:
    """The article metadata of an entry, interpretation or report page (base.html writes the tags).
    PubDate is the date alone: the content records no time of day, and none is invented."""
    return {"title": title, "date": published.isoformat() if published else "", "source": source,
            "keywords": ",".join(keywords)}
