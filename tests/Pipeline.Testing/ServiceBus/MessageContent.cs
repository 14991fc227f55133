using System.Buffers.Binary;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// One message as stored by the broker: its AMQP sections split out of the bytes the sender sent. The
/// properties section and the body are kept as raw bytes and forwarded untouched, so whatever the client encoded
/// (MessageId type, body type, footer) reaches the receiver exactly; only the header and the message annotations
/// are rebuilt on each delivery. Immutable, so a topic can share one instance among its subscriptions.
/// </summary>
internal sealed class MessageContent
{
    public const uint BatchMessageFormat = AmqpConstants.AmqpBatchedMessageFormat;

    // Annotations the broker owns; whatever a sender put under these names is replaced on delivery.
    private static readonly AmqpSymbol SequenceNumberName = "x-opt-sequence-number";
    private static readonly AmqpSymbol EnqueuedTimeName = "x-opt-enqueued-time";
    private static readonly AmqpSymbol LockedUntilName = "x-opt-locked-until";
    private static readonly AmqpSymbol LockTokenName = "x-opt-lock-token";
    private static readonly AmqpSymbol ScheduledEnqueueTimeName = "x-opt-scheduled-enqueue-time";

    private const ulong HeaderCode = 0x70;
    private const ulong DeliveryAnnotationsCode = 0x71;
    private const ulong MessageAnnotationsCode = 0x72;
    private const ulong PropertiesCode = 0x73;
    private const ulong ApplicationPropertiesCode = 0x74;
    private const ulong DataCode = 0x75;

    private readonly Header? header;
    private readonly MessageAnnotations? annotations;
    private readonly byte[] propertiesSection;
    private readonly byte[] applicationPropertiesSection;
    private readonly byte[] bodySections;

    private MessageContent(
        Header? header,
        MessageAnnotations? annotations,
        byte[] propertiesSection,
        byte[] applicationPropertiesSection,
        byte[] bodySections,
        string? messageId,
        string? subject,
        IReadOnlyDictionary<string, object?> applicationProperties)
    {
        this.header = header;
        this.annotations = annotations;
        this.propertiesSection = propertiesSection;
        this.applicationPropertiesSection = applicationPropertiesSection;
        this.bodySections = bodySections;
        MessageId = messageId;
        Subject = subject;
        ApplicationProperties = applicationProperties;
    }

    public string? MessageId { get; }

    public string? Subject { get; }

    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; }

    /// <summary>When the sender asked for a scheduled enqueue (ServiceBusMessage.ScheduledEnqueueTime).</summary>
    public DateTime? ScheduledEnqueueTime =>
        annotations is not null && annotations.Map.TryGetValue(ScheduledEnqueueTimeName, out DateTime when) ? when : null;

    /// <summary>Copies a received message's bytes out of the frames it arrived in (the raw buffers).</summary>
    public static byte[] CopyPayload(AmqpMessage message)
    {
        if (message.RawByteBuffers is { Count: > 0 } buffers)
        {
            var result = new byte[buffers.Sum(b => b.Length)];
            var position = 0;
            foreach (var buffer in buffers)
            {
                Buffer.BlockCopy(buffer.Buffer, buffer.Offset, result, position, buffer.Length);
                position += buffer.Length;
            }

            return result;
        }

        var segments = message.GetPayload(int.MaxValue, out _);
        using var stream = new MemoryStream();
        foreach (var segment in segments)
        {
            stream.Write(segment.Array!, segment.Offset, segment.Count);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Parses a transfer's payload. A batch (message format 0x80013700) carries one encoded message per Data
    /// section and becomes several messages.
    /// </summary>
    public static IReadOnlyList<MessageContent> ParseTransfer(byte[] payload, uint? messageFormat)
    {
        if (messageFormat != BatchMessageFormat)
        {
            return [Parse(new ArraySegment<byte>(payload))];
        }

        var messages = new List<MessageContent>();
        var buffer = new ByteBuffer(payload, 0, payload.Length);
        while (buffer.Length > 0)
        {
            var code = PeekDescriptorCode(buffer);
            if (code == DataCode)
            {
                var data = new Data();
                data.Decode(buffer);
                messages.Add(Parse((ArraySegment<byte>)data.Value));
            }
            else
            {
                // Header, annotations and properties of the batch envelope carry nothing per message.
                AmqpCodec.DecodeObject(buffer);
            }
        }

        return messages;
    }

    public static MessageContent Parse(ArraySegment<byte> encoded)
    {
        var bytes = encoded.Array!;
        var buffer = new ByteBuffer(bytes, encoded.Offset, encoded.Count);
        Header? header = null;
        MessageAnnotations? annotations = null;
        Properties? properties = null;
        ApplicationProperties? applicationProperties = null;
        var propertiesSection = Array.Empty<byte>();
        var applicationPropertiesSection = Array.Empty<byte>();
        var bodySections = Array.Empty<byte>();

        while (buffer.Length > 0)
        {
            var start = buffer.Offset;
            switch (PeekDescriptorCode(buffer))
            {
                case HeaderCode:
                    header = new Header();
                    header.Decode(buffer);
                    break;
                case DeliveryAnnotationsCode:
                    // Delivery annotations are meant for the next hop only: drop them.
                    AmqpCodec.DecodeObject(buffer);
                    break;
                case MessageAnnotationsCode:
                    annotations = new MessageAnnotations();
                    annotations.Decode(buffer);
                    break;
                case PropertiesCode:
                    properties = new Properties();
                    properties.Decode(buffer);
                    propertiesSection = bytes.AsSpan(start, buffer.Offset - start).ToArray();
                    break;
                case ApplicationPropertiesCode:
                    applicationProperties = new ApplicationProperties();
                    applicationProperties.Decode(buffer);
                    applicationPropertiesSection = bytes.AsSpan(start, buffer.Offset - start).ToArray();
                    break;
                default:
                    // Body sections (data, amqp-sequence, amqp-value) and the footer are forwarded as they came.
                    bodySections = bytes.AsSpan(start, buffer.Length).ToArray();
                    buffer.Complete(buffer.Length);
                    break;
            }
        }

        return new MessageContent(
            header,
            WithoutBrokerAnnotations(annotations),
            propertiesSection,
            applicationPropertiesSection,
            bodySections,
            properties?.MessageId?.ToString(),
            properties?.Subject,
            ToDictionary(applicationProperties));
    }

    /// <summary>A copy with some application properties set (dead-letter reason, properties-to-modify).</summary>
    public MessageContent WithApplicationProperties(IEnumerable<KeyValuePair<string, object?>> updates)
    {
        var merged = new ApplicationProperties();
        foreach (var (name, value) in ApplicationProperties)
        {
            merged.Map[name] = value;
        }

        foreach (var (name, value) in updates)
        {
            merged.Map[name] = value;
        }

        var section = new byte[merged.EncodeSize];
        merged.Encode(new ByteBuffer(section));
        return new MessageContent(
            header, annotations, propertiesSection, section, bodySections, MessageId, Subject, ToDictionary(merged));
    }

    /// <summary>
    /// Encodes the message as a receiver sees it: a fresh header carrying the delivery count and the broker's
    /// annotations (sequence number, enqueued time, lock expiry) in front of the sender's sections.
    /// </summary>
    public byte[] Encode(uint headerDeliveryCount, long sequenceNumber, DateTime enqueuedTimeUtc, DateTime? lockedUntilUtc)
    {
        var outgoingHeader = new Header
        {
            Durable = header?.Durable,
            Priority = header?.Priority,
            Ttl = header?.Ttl,
            FirstAcquirer = headerDeliveryCount == 0 ? true : null,
            DeliveryCount = headerDeliveryCount,
        };

        var outgoingAnnotations = new MessageAnnotations();
        if (annotations is not null)
        {
            outgoingAnnotations.Map.Merge(annotations.Map);
        }

        outgoingAnnotations.Map[SequenceNumberName] = sequenceNumber;
        outgoingAnnotations.Map[EnqueuedTimeName] = enqueuedTimeUtc;
        if (lockedUntilUtc is { } lockedUntil)
        {
            outgoingAnnotations.Map[LockedUntilName] = lockedUntil;
        }

        var headerSize = outgoingHeader.EncodeSize;
        var annotationsSize = outgoingAnnotations.EncodeSize;
        var result = new byte[headerSize + annotationsSize + propertiesSection.Length
            + applicationPropertiesSection.Length + bodySections.Length];
        var buffer = new ByteBuffer(result);
        outgoingHeader.Encode(buffer);
        outgoingAnnotations.Encode(buffer);
        var position = buffer.WritePos;
        foreach (var section in (ReadOnlySpan<byte[]>)[propertiesSection, applicationPropertiesSection, bodySections])
        {
            section.CopyTo(result, position);
            position += section.Length;
        }

        return result;
    }

    private static MessageAnnotations? WithoutBrokerAnnotations(MessageAnnotations? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<AmqpSymbol>)[SequenceNumberName, EnqueuedTimeName, LockedUntilName, LockTokenName])
        {
            annotations.Map.TryRemoveValue<object>(name, out _);
        }

        return annotations;
    }

    private static Dictionary<string, object?> ToDictionary(ApplicationProperties? properties)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (properties is not null)
        {
            foreach (var (key, value) in properties.Map)
            {
                result[key.Key.ToString()!] = value;
            }
        }

        return result;
    }

    // Every message section is a described type whose descriptor is a small ulong (0x00 0x53 code) or a full
    // ulong (0x00 0x80 + 8 bytes); symbolic descriptors are not used for sections and are treated as body.
    private static ulong PeekDescriptorCode(ByteBuffer buffer)
    {
        var span = buffer.Buffer.AsSpan(buffer.Offset, buffer.Length);
        if (span.Length >= 3 && span[0] == 0x00 && span[1] == 0x53)
        {
            return span[2];
        }

        if (span.Length >= 10 && span[0] == 0x00 && span[1] == 0x80)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(span[2..]);
        }

        return ulong.MaxValue;
    }
}
