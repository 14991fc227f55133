using System.Diagnostics;
using Microsoft.Azure.Amqp;

namespace Pipeline.Testing.ServiceBus;

/// <summary>
/// The broker's end of a client receiver link (source <c>/queue</c>, <c>/topic/Subscriptions/sub</c> or a
/// <c>…/$DeadLetterQueue</c>). Each delivery's tag is a fresh GUID, which the client uses as the lock token, and
/// the client's dispositions (complete = Accepted, abandon = Modified, dead-letter = Rejected) settle the lock.
/// </summary>
internal sealed class Consumer
{
    private readonly SendingAmqpLink link;
    private readonly MessageStore store;

    private Consumer(SendingAmqpLink link, MessageStore store)
    {
        this.link = link;
        this.store = store;
    }

    /// <summary>Receive-and-delete: the client attached with sender-settle-mode settled.</summary>
    public bool ReceiveAndDelete => link.Settings.SettleType == SettleMode.SettleOnSend;

    /// <summary>Credit the store may still use; guarded by the store's lock.</summary>
    public int Credit { get; set; }

    /// <summary>Guarded by the store's lock.</summary>
    public bool IsClosed { get; set; }

    /// <summary>The AMQP library's own view of the credit; the store never sends beyond it.</summary>
    public uint LinkCredit => link.LinkCredit;

    public static void Attach(SendingAmqpLink link, MessageStore store)
    {
        var consumer = new Consumer(link, store);
        link.RegisterCreditListener(consumer.OnCredit);
        link.RegisterDispositionListener(consumer.OnDisposition);
        store.AddConsumer(consumer);
        link.SafeAddClosed(consumer.OnClosed);
    }

    public bool TryDeliver(byte[] payload, Guid lockToken)
    {
        try
        {
            if (link.IsClosing())
            {
                return false;
            }

            var message = AmqpMessage.CreateAmqpStreamMessage(
                new BufferListStream([new ArraySegment<byte>(payload)]), payloadInitialized: true);
            link.SendMessageNoWait(message, new ArraySegment<byte>(lockToken.ToByteArray()), AmqpConstants.NullBinary);
            return true;
        }
        catch (Exception ex)
        {
            Trace.TraceWarning($"ServiceBusTestBroker: delivery on {store.Path} failed: {ex.Message}");
            return false;
        }
    }

    // Every callback below runs on an AMQP I/O thread: an exception escaping it would fault the link, which the
    // client reports as a lost lock, so each one catches everything.
    private void OnCredit(uint credit, bool drain, ArraySegment<byte> txnId)
    {
        try
        {
            store.AddCredit(this, credit, drain);
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: credit handling on {store.Path} failed: {ex}");
        }
    }

    private void OnDisposition(Delivery delivery)
    {
        try
        {
            var tag = delivery.DeliveryTag;
            var reply = tag.Count == 16
                ? store.Settle(new Guid(tag.AsSpan()), delivery.State)
                : null;
            if (reply is not null && !delivery.Settled)
            {
                link.DisposeDelivery(delivery, true, reply);
            }
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: disposition on {store.Path} failed: {ex}");
        }
    }

    private void OnClosed(object? sender, EventArgs e)
    {
        try
        {
            store.RemoveConsumer(this);
        }
        catch (Exception ex)
        {
            Trace.TraceError($"ServiceBusTestBroker: releasing messages of a closed link on {store.Path} failed: {ex}");
        }
    }
}
