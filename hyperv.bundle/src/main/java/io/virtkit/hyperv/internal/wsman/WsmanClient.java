package io.virtkit.hyperv.internal.wsman;

import java.time.Duration;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A WS-Management client of one endpoint, as Windows' WinRM speaks it: WQL queries (Enumerate and Pull), Get of
 * an instance by its selectors, Invoke of a method with simple, embedded-instance and reference parameters, and
 * Hyper-V's asynchronous jobs. Thread-safe; one HTTP connection pool per client.
 */
public final class WsmanClient implements AutoCloseable {

    private final WsmanTransport transport;
    private final Enumeration enumeration;
    private final Jobs jobs;
    private volatile boolean closed;

    public WsmanClient(WsmanEndpoint endpoint) {
        this.transport = new WsmanTransport(endpoint);
        this.enumeration = new Enumeration(transport);
        this.jobs = new Jobs(this::get);
    }

    /**
     * The instances a WQL query selects in a WMI namespace ({@code "root/virtualization/v2"},
     * {@code "root/cimv2"}): Enumerate, then every Pull until EndOfSequence.
     */
    public List<CimInstance> query(String namespace, Wql wql) {
        open();
        return enumeration.query(namespace, wql);
    }

    /** Transfer Get of one instance; a missing one is a {@link WsmanFault} (InvalidSelectors). */
    public CimInstance get(CimReference instance) {
        open();
        XmlElement answer = transport.call(new WsmanRequest("Get " + instance.className(), WsmanUris.GET,
                instance.resourceUri(), instance.selectors(), null));
        return InstanceReader.instance(answer);
    }

    /** Invokes a method of an instance (or of a class, when the reference has no selectors). */
    public InvokeResult invoke(CimReference instance, String method, List<CimParameter> parameters) {
        open();
        String resourceUri = instance.resourceUri();
        XmlElement answer = transport.call(new WsmanRequest("Invoke " + instance.className() + "." + method,
                resourceUri + "/" + method, resourceUri, instance.selectors(), xml -> {
                    xml.writeStartElement("p", method + "_INPUT", resourceUri);
                    xml.writeNamespace("p", resourceUri);
                    for (CimParameter parameter : parameters) {
                        writeParameter(xml, resourceUri, parameter);
                    }
                    xml.writeEndElement();
                }));
        if (!answer.name().equals(method + "_OUTPUT")) {
            throw new WsmanProtocolException(method + " was answered with " + answer.qualifiedName() + ", not "
                    + method + "_OUTPUT");
        }
        CimInstance output = InstanceReader.instance(answer);
        String returnValue = output.get("ReturnValue");
        try {
            return new InvokeResult(Long.parseLong(returnValue.strip()), output);
        } catch (RuntimeException e) {
            throw new WsmanProtocolException(method + " answered without a ReturnValue: " + returnValue);
        }
    }

    private static void writeParameter(XMLStreamWriter xml, String resourceUri, CimParameter parameter)
            throws XMLStreamException {
        if (parameter instanceof CimParameter.Simple simple) {
            for (String value : simple.values()) {
                xml.writeStartElement("p", simple.name(), resourceUri);
                xml.writeCharacters(value);
                xml.writeEndElement();
            }
        } else if (parameter instanceof CimParameter.Embedded embedded) {
            for (CimInstance instance : embedded.instances()) {
                xml.writeStartElement("p", embedded.name(), resourceUri);
                xml.writeCharacters(instance.toCimXml());
                xml.writeEndElement();
            }
        } else if (parameter instanceof CimParameter.Reference reference) {
            for (CimReference epr : reference.references()) {
                xml.writeStartElement("p", reference.name(), resourceUri);
                EnvelopeWriter.writeReference(xml, epr);
                xml.writeEndElement();
            }
        }
    }

    /**
     * Invokes, then when ReturnValue is 4096 polls the job until it ends or {@code timeout} passes; the method's
     * result (its out parameters as the Invoke answered them). A failed job is a
     * {@link WsmanJobFailedException}; a job still going at the timeout a {@link WsmanJobTimeoutException} (it is
     * left as it is); a ReturnValue other than 0 or 4096 a {@link WsmanMethodException}.
     */
    public InvokeResult invokeAndWait(CimReference instance, String method, List<CimParameter> parameters,
            Duration timeout) {
        InvokeResult result = invoke(instance, method, parameters);
        if (result.returnValue() == InvokeResult.COMPLETED) {
            return result;
        }
        if (result.returnValue() != InvokeResult.JOB_STARTED) {
            throw new WsmanMethodException(method, result.returnValue());
        }
        CimReference job = result.job().orElseThrow(() -> new WsmanProtocolException(method
                + " started a job (ReturnValue 4096) but named none"));
        jobs.await(method, job, timeout);
        return result;
    }

    /** HTTP requests sent so far (for the benchmark and tests). */
    public long roundTrips() {
        return transport.requests();
    }

    private void open() {
        if (closed) {
            throw new WsmanTransportException("the WS-Man client is closed", null);
        }
    }

    /** Later calls fail; connections are let go by the JDK client as they idle. */
    @Override
    public void close() {
        closed = true;
    }
}
