"""XML is untrusted: entity tricks and external references are refused, other XML gets a plain answer."""

from __future__ import annotations

import pytest

from core.errors import UnreadableDocument, UnsupportedDocument
from core.pipeline import process
from core.sniff import sniff
from tests.einvoice import xmlgen
from tests.einvoice.xmlgen import Sample

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rsm:CrossIndustryInvoice [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">
  <rsm:ExchangedDocument><ram:ID xmlns:ram="x">&lol3;</ram:ID></rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_tricks_are_refused_with_a_plain_reason(data, ocr):
    with pytest.raises(UnreadableDocument) as err:
        process(data, ocr)
    assert "refused for safety" in err.value.user_message()


def test_other_xml_is_refused_plainly():
    with pytest.raises(UnsupportedDocument) as err:
        sniff(b"<?xml version='1.0'?><catalog><book/></catalog>")
    assert "XML file other than an e-invoice" in err.value.user_message()


def test_an_invoice_root_outside_ubl_is_not_taken_for_one(ocr):
    with pytest.raises(UnsupportedDocument) as err:
        process(b"<?xml version='1.0'?><Invoice><Total>5</Total></Invoice>", ocr)
    assert "not an e-invoice" in err.value.user_message()


def test_malformed_xml_is_unreadable(ocr):
    with pytest.raises(UnreadableDocument) as err:
        process(xmlgen.cii(Sample())[:-40], ocr)
    assert "not well-formed" in err.value.user_message()


def test_an_oversized_xml_is_refused(ocr):
    from core.einvoice.xmltree import MAX_XML_BYTES, parse

    with pytest.raises(UnreadableDocument) as err:
        parse(b"<a>" + b" " * MAX_XML_BYTES + b"</a>")
    assert "larger than" in err.value.user_message()
