using Pipeline.LocalRun;

return await LocalRun.RunAsync(args, Console.Out, Console.Error);
