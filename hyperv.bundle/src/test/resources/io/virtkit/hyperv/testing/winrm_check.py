"""Drives the stand-in Hyper-V endpoint with python3-winrm (pywinrm): raw WS-Man messages through
winrm.protocol.Protocol.send_message over Basic/HTTP, answers read with Python's XML parser. Prints what it found
as lines "key<TAB>value" (a key repeated for a list); the Java test (PythonWinrmStandInTest) checks them."""
import sys
import uuid
import xml.etree.ElementTree as ET

from winrm.exceptions import WinRMError
from winrm.protocol import Protocol

URL, USER, PASSWORD, GUID = sys.argv[1:5]
V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
}
ENUMERATION = NS["n"]
SYSTEM = V2 + "Msvm_ComputerSystem"
SELECTORS = {"CreationClassName": "Msvm_ComputerSystem", "Name": GUID}

protocol = Protocol(endpoint=URL, transport="basic", username=USER, password=PASSWORD,
                    server_cert_validation="ignore")


def envelope(action, resource_uri, body, selectors=None):
    message_id = "uuid:" + str(uuid.uuid4())
    selector_set = ""
    if selectors:
        selector_set = "<w:SelectorSet>" + "".join(
            '<w:Selector Name="%s">%s</w:Selector>' % (k, v) for k, v in selectors.items()) + "</w:SelectorSet>"
    return message_id, (
        '<s:Envelope xmlns:s="%(s)s" xmlns:a="%(a)s" xmlns:w="%(w)s" xmlns:n="%(n)s"><s:Header>' % NS
        + "<a:To>%s</a:To>" % URL
        + '<w:ResourceURI s:mustUnderstand="true">%s</w:ResourceURI>' % resource_uri
        + '<a:ReplyTo><a:Address s:mustUnderstand="true">'
          "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
        + '<a:Action s:mustUnderstand="true">%s</a:Action>' % action
        + '<w:MaxEnvelopeSize s:mustUnderstand="true">153600</w:MaxEnvelopeSize>'
        + "<a:MessageID>%s</a:MessageID>" % message_id
        + "<w:OperationTimeout>PT60.000S</w:OperationTimeout>" + selector_set
        + "</s:Header><s:Body>%s</s:Body></s:Envelope>" % body)


def send(action, resource_uri, body, selectors=None):
    message_id, message = envelope(action, resource_uri, body, selectors)
    root = ET.fromstring(protocol.send_message(message))
    relates_to = root.find("s:Header/a:RelatesTo", NS).text
    if relates_to != message_id:
        raise SystemExit("RelatesTo %s is not the MessageID %s" % (relates_to, message_id))
    return root


def local(tag):
    return tag.rsplit("}", 1)[-1]


def items_of(parent):
    return [{local(p.tag): p.text for p in item} for item in parent]


result = []

# Enumerate + Pull until EndOfSequence.
root = send(ENUMERATION + "/Enumerate", V2 + "*",
            '<n:Enumerate><w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">'
            "SELECT * FROM Msvm_ComputerSystem WHERE Description = 'Microsoft Virtual Machine'"
            "</w:Filter></n:Enumerate>")
context = root.find("s:Body/n:EnumerateResponse/n:EnumerationContext", NS).text
names, pulls = [], 0
while context:
    root = send(ENUMERATION + "/Pull", V2 + "*",
                "<n:Pull><n:EnumerationContext>%s</n:EnumerationContext><n:MaxElements>50</n:MaxElements></n:Pull>"
                % context)
    pulls += 1
    response = root.find("s:Body/n:PullResponse", NS)
    names += [item["ElementName"] for item in items_of(response.find("n:Items", NS))]
    ended = response.find("n:EndOfSequence", NS) is not None
    next_context = response.find("n:EnumerationContext", NS)
    context = None if ended else next_context.text
result += [("name", name) for name in names]
result.append(("pulls", pulls))

# Get the VM.
root = send("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", SYSTEM, "", SELECTORS)
instance = root.find("s:Body/{%s}Msvm_ComputerSystem" % SYSTEM, NS)
result += [("get." + local(p.tag), p.text) for p in instance]

# Invoke RequestStateChange(2).
root = send(SYSTEM + "/RequestStateChange", SYSTEM,
            '<p:RequestStateChange_INPUT xmlns:p="%s"><p:RequestedState>2</p:RequestedState>'
            "</p:RequestStateChange_INPUT>" % SYSTEM, SELECTORS)
output = root.find("s:Body/{%s}RequestStateChange_OUTPUT" % SYSTEM, NS)
result.append(("returnValue", output.find("{%s}ReturnValue" % SYSTEM).text))
job = output.find("{%s}Job" % SYSTEM)
result.append(("jobResourceUri", job.find("a:ReferenceParameters/w:ResourceURI", NS).text))
result.append(("jobInstanceId",
               job.find("a:ReferenceParameters/w:SelectorSet/w:Selector[@Name='InstanceID']", NS).text))

# A Get that names nothing: pywinrm turns the SOAP fault into WinRMError with its codes.
try:
    send("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", SYSTEM, "", {"Name": "no-such-vm"})
    result.append(("fault", "none"))
except WinRMError as error:
    result.append(("fault", str(error)))

for key, value in result:
    print("%s\t%s" % (key, value))
