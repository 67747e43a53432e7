using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddLogging();
services.AddCompliantAI()                          // caller accessor, clock, options bound from "Compliant"
    .AddAuditing()                                 // Compliant:Audit (fail-closed by default)
    .AddAuditLedger(o => o.Directory = "audit")    // key from COMPLIANT_AUDIT_KEY (base64, >= 32 bytes)
    .AddPiiDetection()
    .AddPiiRedaction();

services.AddChatClient(sp => new OllamaSharp.OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2"))
    .UseCompliance();                              // the recommended stage order; each stage also works alone

await using ServiceProvider provider = services.BuildServiceProvider();
IChatClient chat = provider.GetRequiredService<IChatClient>();

var caller = new CallerContext("u-123", groups: ["clinical"], tenantId: "north-clinic", purposeOfUse: "TREATMENT");
ChatResponse answer = await chat.GetResponseAsync(
    "Summarize the visit of Maria Okafor (DOB March 3, 1985) for the discharge letter.",
    new ChatOptions().WithCaller(caller));
Console.WriteLine(answer.Text);                    // the model saw <PERSON_1> and <DATE_TIME_1>; you see the real values
Console.WriteLine($"audit record: {answer.GetAuditRecordId()}");
