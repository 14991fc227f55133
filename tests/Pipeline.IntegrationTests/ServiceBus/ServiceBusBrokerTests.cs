using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Pipeline.Testing.ServiceBus;

namespace Pipeline.IntegrationTests.ServiceBus;

/// <summary>
/// Service Bus behaviour the pipeline relies on, exercised with the real Azure.Messaging.ServiceBus client over
/// TCP: against the in-process <see cref="ServiceBusTestBroker"/> by default, or a real namespace when
/// <see cref="ServiceBusTestEnvironment.ConnectionStringVariable"/> is set.
/// </summary>
public sealed class ServiceBusBrokerTests(ServiceBusTestEnvironment environment)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_send_and_receive_round_trips_body_and_properties()
    {
        var queue = await environment.CreateQueueAsync("roundtrip");
        await using var client = environment.CreateClient();
        var sentAt = DateTimeOffset.UtcNow;
        var message = new ServiceBusMessage(BinaryData.FromString("{\"file\":\"a.csv\"}"))
        {
            MessageId = "msg-1",
            Subject = "file-arrived",
            ContentType = "application/json",
            CorrelationId = "corr-1",
            ApplicationProperties = { ["division"] = "north", ["rows"] = 42, ["size"] = 1234567890123L, ["valid"] = true },
        };

        await client.CreateSender(queue).SendMessageAsync(message, Ct);
        await using var receiver = client.CreateReceiver(queue.ToUpperInvariant()); // entity names ignore case
        var received = await receiver.ReceiveMessageAsync(Wait, Ct);

        Assert.NotNull(received);
        Assert.Equal("{\"file\":\"a.csv\"}", received.Body.ToString());
        Assert.Equal("msg-1", received.MessageId);
        Assert.Equal("file-arrived", received.Subject);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("corr-1", received.CorrelationId);
        Assert.Equal("north", received.ApplicationProperties["division"]);
        Assert.Equal(42, received.ApplicationProperties["rows"]);
        Assert.Equal(1234567890123L, received.ApplicationProperties["size"]);
        Assert.True(received.ApplicationProperties["valid"] is true);
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        Assert.InRange(received.EnqueuedTime, sentAt.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(30));
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);

        await receiver.CompleteMessageAsync(received, Ct);
        Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Batch_sent_to_topic_fans_out_to_every_subscription()
    {
        var topic = await environment.CreateTopicAsync("fanout", ("first", null), ("second", null));
        await using var client = environment.CreateClient();
        await using var sender = client.CreateSender(topic);
        using var batch = await sender.CreateMessageBatchAsync(Ct);
        foreach (var id in new[] { "b-1", "b-2", "b-3" })
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"body {id}") { MessageId = id }));
        }

        await sender.SendMessagesAsync(batch, Ct);

        foreach (var subscription in new[] { "first", "second" })
        {
            await using var receiver = client.CreateReceiver(topic, subscription);
            var received = await ReceiveAsync(receiver, 3);
            Assert.Equal(["b-1", "b-2", "b-3"], received.Select(m => m.MessageId).Order());
            Assert.All(received, m => Assert.Equal($"body {m.MessageId}", m.Body.ToString()));
            foreach (var m in received)
            {
                await receiver.CompleteMessageAsync(m, Ct);
            }
        }
    }

    [Fact]
    public async Task Abandoned_message_is_redelivered_with_delivery_count_two()
    {
        var queue = await environment.CreateQueueAsync("abandon");
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("retry me") { MessageId = "a-1" }, Ct);
        await using var receiver = client.CreateReceiver(queue);

        var first = await receiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(first);
        Assert.Equal(1, first.DeliveryCount);
        await receiver.AbandonMessageAsync(first, cancellationToken: Ct);

        var second = await receiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(second);
        Assert.Equal("a-1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        await receiver.CompleteMessageAsync(second, Ct);
    }

    [Fact]
    public async Task Dead_lettered_message_carries_reason_and_description_in_the_dead_letter_queue()
    {
        var queue = await environment.CreateQueueAsync("deadletter");
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(
            new ServiceBusMessage("poison") { MessageId = "d-1", ApplicationProperties = { ["kept"] = "yes" } }, Ct);
        await using var receiver = client.CreateReceiver(queue);
        var received = await receiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(received);

        await receiver.DeadLetterMessageAsync(received, "SchemaInvalid", "Column 'amount' is missing.", Ct);

        Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));
        await using var deadLetters = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(dead);
        Assert.Equal("d-1", dead.MessageId);
        Assert.Equal("poison", dead.Body.ToString());
        Assert.Equal("SchemaInvalid", dead.DeadLetterReason);
        Assert.Equal("Column 'amount' is missing.", dead.DeadLetterErrorDescription);
        Assert.Equal("yes", dead.ApplicationProperties["kept"]);
        await deadLetters.CompleteMessageAsync(dead, Ct);
    }

    [Fact]
    public async Task Message_exceeding_max_delivery_count_moves_to_the_dead_letter_queue()
    {
        var queue = await environment.CreateQueueAsync("maxdelivery", new EntityOptions(MaxDeliveryCount: 2));
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("flaky") { MessageId = "m-1" }, Ct);
        await using var receiver = client.CreateReceiver(queue);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var received = await receiver.ReceiveMessageAsync(Wait, Ct);
            Assert.NotNull(received);
            Assert.Equal(attempt, received.DeliveryCount);
            await receiver.AbandonMessageAsync(received, cancellationToken: Ct);
        }

        await using var deadLetters = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(dead);
        Assert.Equal("m-1", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        await deadLetters.CompleteMessageAsync(dead, Ct);
    }

    [Fact]
    public async Task Unknown_entity_gives_messaging_entity_not_found()
    {
        await using var client = environment.CreateClient();
        var missing = $"missing-{Guid.NewGuid():N}";

        var send = await Assert.ThrowsAsync<ServiceBusException>(
            () => client.CreateSender(missing).SendMessageAsync(new ServiceBusMessage("x"), Ct));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, send.Reason);

        await using var receiver = client.CreateReceiver(missing);
        var receive = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(Wait, Ct));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receive.Reason);
    }

    [Fact]
    public async Task Subscription_filter_on_subject_receives_only_matching_messages()
    {
        var topic = await environment.CreateTopicAsync(
            "filter", ("orders", new SubscriptionFilter(Subject: "order")), ("everything", null));
        await using var client = environment.CreateClient();
        await using var sender = client.CreateSender(topic);
        await sender.SendMessageAsync(new ServiceBusMessage("1") { MessageId = "f-order", Subject = "order" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("2") { MessageId = "f-invoice", Subject = "invoice" }, Ct);

        await using var everything = client.CreateReceiver(topic, "everything");
        var all = await ReceiveAsync(everything, 2);
        Assert.Equal(["f-invoice", "f-order"], all.Select(m => m.MessageId).Order());

        await using var orders = client.CreateReceiver(topic, "orders");
        var order = await orders.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(order);
        Assert.Equal("f-order", order.MessageId);
        await orders.CompleteMessageAsync(order, Ct);
        Assert.Null(await orders.PeekMessageAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Duplicate_detection_drops_a_resent_message_id()
    {
        var queue = await environment.CreateQueueAsync("dedup", new EntityOptions(RequiresDuplicateDetection: true));
        await using var client = environment.CreateClient();
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same-id" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same-id" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "other-id" }, Ct);

        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = await ReceiveAsync(receiver, 2);
        Assert.Equal(["first", "other"], received.Select(m => m.Body.ToString()));
        Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Oversized_message_fails_with_message_size_exceeded_and_sender_reports_the_limit()
    {
        var queue = await environment.CreateQueueAsync("maxsize");
        await using var client = environment.CreateClient();
        await using var sender = client.CreateSender(queue);

        using (var batch = await sender.CreateMessageBatchAsync(Ct))
        {
            Assert.Equal(256 * 1024, batch.MaxSizeInBytes);
        }

        var tooLarge = await Assert.ThrowsAsync<ServiceBusException>(
            () => sender.SendMessageAsync(new ServiceBusMessage(new byte[300 * 1024]), Ct));
        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, tooLarge.Reason);
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[200 * 1024]), Ct);

        if (environment.IsEmulated)
        {
            // A per-entity limit (Premium only on Azure) is advertised and enforced the same way.
            var small = await environment.CreateQueueAsync("maxsize-small", new EntityOptions(MaxMessageSizeBytes: 32 * 1024));
            await using var smallSender = client.CreateSender(small);
            using var batch = await smallSender.CreateMessageBatchAsync(Ct);
            Assert.Equal(32 * 1024, batch.MaxSizeInBytes);
            var rejected = await Assert.ThrowsAsync<ServiceBusException>(
                () => smallSender.SendMessageAsync(new ServiceBusMessage(new byte[40 * 1024]), Ct));
            Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, rejected.Reason);
        }
    }

    [Fact]
    public async Task Expired_lock_redelivers_the_message_and_the_old_lock_is_lost()
    {
        var queue = await environment.CreateQueueAsync("lockexpiry", new EntityOptions(LockDuration: TimeSpan.FromSeconds(1)));
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "l-1" }, Ct);
        await using var receiver = client.CreateReceiver(queue);

        var first = await receiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(first);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(15), Ct);

        Assert.NotNull(second);
        Assert.Equal("l-1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first, Ct));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(second, Ct);
    }

    [Fact]
    public async Task Closing_a_receiver_releases_its_unsettled_messages()
    {
        var queue = await environment.CreateQueueAsync("release");
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("held") { MessageId = "r-1" }, Ct);

        await using (var firstReceiver = client.CreateReceiver(queue))
        {
            Assert.NotNull(await firstReceiver.ReceiveMessageAsync(Wait, Ct));
        }

        await using var secondReceiver = client.CreateReceiver(queue);
        var again = await secondReceiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(again);
        Assert.Equal("r-1", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        await secondReceiver.CompleteMessageAsync(again, Ct);
    }

    [Fact]
    public async Task Peek_and_renew_lock_use_the_management_link()
    {
        var queue = await environment.CreateQueueAsync("peek");
        await using var client = environment.CreateClient();
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("look") { MessageId = "p-1", Subject = "s" }, Ct);
        await using var receiver = client.CreateReceiver(queue);

        var peeked = await receiver.PeekMessageAsync(cancellationToken: Ct);
        Assert.NotNull(peeked);
        Assert.Equal("p-1", peeked.MessageId);
        Assert.Equal("s", peeked.Subject);
        Assert.Equal("look", peeked.Body.ToString());

        var received = await receiver.ReceiveMessageAsync(Wait, Ct);
        Assert.NotNull(received);
        Assert.Equal(1, received.DeliveryCount);
        var lockedUntil = received.LockedUntil;
        await Task.Delay(50, Ct);
        await receiver.RenewMessageLockAsync(received, Ct);
        Assert.True(received.LockedUntil > lockedUntil);
        await receiver.CompleteMessageAsync(received, Ct);
    }

    [Fact]
    public async Task Waiting_receiver_gets_a_message_sent_after_it_started_waiting()
    {
        var queue = await environment.CreateQueueAsync("waiting");
        await using var client = environment.CreateClient();
        await using var receiver = client.CreateReceiver(queue);

        var waiting = receiver.ReceiveMessageAsync(Wait, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        Assert.False(waiting.IsCompleted);
        await client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("late"), Ct);

        var received = await waiting;
        Assert.NotNull(received);
        Assert.Equal("late", received.Body.ToString());
        await receiver.CompleteMessageAsync(received, Ct);
    }

    [Fact]
    public async Task Concurrent_connections_and_competing_processors_handle_every_message_once()
    {
        var queue = await environment.CreateQueueAsync("concurrent");
        const int Senders = 3;
        const int MessagesPerSender = 40;
        var clients = Enumerable.Range(0, Senders).Select(_ => environment.CreateClient()).ToList();
        try
        {
            await Task.WhenAll(clients.Select(async (client, senderIndex) =>
            {
                await using var sender = client.CreateSender(queue);
                await Task.WhenAll(Enumerable.Range(0, MessagesPerSender).Select(i =>
                    sender.SendMessageAsync(new ServiceBusMessage($"{senderIndex}-{i}") { MessageId = $"{senderIndex}-{i}" }, Ct)));
            }));

            var handled = new ConcurrentDictionary<string, int>();
            var errors = new ConcurrentQueue<Exception>();
            var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var processors = new[]
            {
                clients[0].CreateProcessor(queue, new ServiceBusProcessorOptions { MaxConcurrentCalls = 4, PrefetchCount = 10 }),
                clients[1].CreateProcessor(queue, new ServiceBusProcessorOptions { MaxConcurrentCalls = 2 }),
            };
            foreach (var processor in processors)
            {
                processor.ProcessMessageAsync += args =>
                {
                    handled.AddOrUpdate(args.Message.MessageId, 1, (_, count) => count + 1);
                    if (handled.Count == Senders * MessagesPerSender)
                    {
                        allHandled.TrySetResult();
                    }

                    return Task.CompletedTask;
                };
                processor.ProcessErrorAsync += args =>
                {
                    errors.Enqueue(args.Exception);
                    return Task.CompletedTask;
                };
                await processor.StartProcessingAsync(Ct);
            }

            await allHandled.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            foreach (var processor in processors)
            {
                await processor.StopProcessingAsync(Ct);
                await processor.DisposeAsync();
            }

            Assert.Empty(errors);
            Assert.Equal(Senders * MessagesPerSender, handled.Count);
            Assert.All(handled, entry => Assert.Equal(1, entry.Value));
            await using var receiver = clients[2].CreateReceiver(queue);
            Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Stopped_broker_fails_sends_and_a_restart_on_the_same_port_delivers_them()
    {
        Assert.SkipUnless(environment.IsEmulated, "An outage can only be simulated with the in-process broker.");

        // A broker of its own: stopping the shared one would break tests running in parallel.
        await using var broker = await ServiceBusTestBroker.StartAsync(cancellationToken: Ct);
        broker.CreateQueue("outage");
        await using var client = new ServiceBusClient(broker.ConnectionString, ServiceBusTestEnvironment.FastFailingOptions(maxRetries: 50));
        await using var sender = client.CreateSender("outage");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Ct);

        await broker.StopAsync();

        await using (var impatient = new ServiceBusClient(broker.ConnectionString, ServiceBusTestEnvironment.FastFailingOptions(maxRetries: 0)))
        {
            var failure = await Assert.ThrowsAsync<ServiceBusException>(
                () => impatient.CreateSender("outage").SendMessageAsync(new ServiceBusMessage("lost"), Ct));
            Assert.Equal(ServiceBusFailureReason.ServiceCommunicationProblem, failure.Reason);
        }

        var retrying = sender.SendMessageAsync(new ServiceBusMessage("during"), Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.False(retrying.IsCompleted, "The send should still be retrying while the broker is down.");

        await broker.RestartAsync();
        await retrying.WaitAsync(TimeSpan.FromSeconds(15), Ct);

        await using var receiver = client.CreateReceiver("outage");
        var received = await ReceiveAsync(receiver, 2);
        Assert.Equal(["before", "during"], received.Select(m => m.Body.ToString()));
    }

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        var deadline = DateTime.UtcNow + Wait;
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(1), Ct));
        }

        Assert.Equal(count, received.Count);
        return received;
    }
}
