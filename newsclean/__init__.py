"""newsclean: scraped Chinese news pages -> clean articles.

    import newsclean
    article = newsclean.clean(raw)          # bytes, str, HTML or BeautifulSoup
    article.title, article.authors, article.text, article.report
"""
from .config import Config
from .convert import convert, detect_script, to_simplified
from .decode import Decoded, decode
from .errors import InputError
from .model import Article, Block, Document, Fix, Paragraph, Problem, Report, Section
from .pipeline import clean
from .repair.mojibake import apply_plan, fix_mojibake
from .repair.pinyin import strip_annotations

__version__ = "0.1.0"

__all__ = [
    "Article", "Block", "Config", "Decoded", "Document", "Fix", "InputError", "Paragraph", "Problem",
    "Report", "Section", "apply_plan", "clean", "convert", "decode", "detect_script", "fix_mojibake", "strip_annotations",
    "to_simplified", "__version__",
]
