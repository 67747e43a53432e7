using Compliant.AI;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PolicyService;

/// <summary>Composes the service: JWT bearer authentication, the caller mapping, the assistant, health checks, OpenAPI and the page.</summary>
public static class ServiceComposition
{
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot() });

        // The PolicyAssistant's settings (model, retrieval, grounding, audit) are the base layer, read from the copy its
        // project reference puts into the output folder; this service's appsettings.json overrides them.
        string assistantDefaults = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(assistantDefaults) && !string.Equals(Path.GetFullPath(builder.Environment.ContentRootPath).TrimEnd('/'), Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'), StringComparison.Ordinal))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }

        IServiceCollection services = builder.Services;

        // Settings are read when first needed, so a host's late configuration (tests, environment) applies.
        services.AddSingleton(sp => BindSettings(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new ServiceLocations(DataDirectory(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<ServiceSettings>())));
        services.TryAddSingleton(TimeProvider.System);

        // The assistant: the same composition as the console sample, built when the host starts.
        services.AddSingleton<AssistantHost>();
        services.AddHostedService(sp => sp.GetRequiredService<AssistantHost>());
        services.AddSingleton(sp => sp.GetRequiredService<AssistantHost>().App.ChatClient);
        services.AddSingleton(sp => sp.GetRequiredService<AssistantHost>().App.Services.GetRequiredService<FileAuditLedger>());
        services.AddSingleton(sp => sp.GetRequiredService<AssistantHost>().App.Services.GetRequiredService<IRetriever>());
        services.AddSingleton(sp => sp.GetRequiredService<AssistantHost>().App.Services.GetRequiredService<IPseudonymVault>());
        services.AddSingleton(sp => sp.GetRequiredService<AssistantHost>().App.Services.GetRequiredService<IOptions<AuditLedgerOptions>>());

        // Who is asking: the token's claims become the CallerContext (groups drive document access).
        services.AddCompliantAI().AddAspNetCore(o =>
        {
            o.DefaultTenantId ??= "policy-service";
            o.DefaultPurposeOfUse ??= "OPERATIONS";
        });
        services.AddSingleton(sp => new DevTokenIssuer(sp.GetRequiredService<ServiceLocations>().DataDirectory, sp.GetRequiredService<ServiceSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IServiceProvider>(ConfigureBearer);
        services.AddAuthorization();
        services.AddHealthChecks().AddCompliantAIChecks();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            // Every endpoint but /health needs a bearer token (JWT): from dev-token, or from the configured OIDC authority.
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
            };
            document.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        RouteGroupBuilder api = app.MapGroup(string.Empty).RequireAuthorization().RequireCompliantAICaller();
        api.MapPost("/ask", AskEndpoints.AskAsync)
            .WithName("Ask")
            .WithSummary("Answers a policy question from the approved policies the caller may read, with citations.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/ask/stream", AskEndpoints.StreamAsync)
            .WithName("AskStream")
            .WithSummary("Streams the answer as server-sent events: answer chunks, then citations (or a refusal), then the audit id.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).WithName("Health");
        app.MapOpenApi();
        return app;
    }

    /// <summary>Development: tokens signed with the local key (<c>dev-token</c>); Oidc: a real authority's discovery document and keys.</summary>
    private static void ConfigureBearer(JwtBearerOptions o, IServiceProvider services)
    {
        ServiceSettings settings = services.GetRequiredService<ServiceSettings>();
        o.MapInboundClaims = false;
        if (string.Equals(settings.Authentication, "Oidc", StringComparison.OrdinalIgnoreCase))
        {
            o.Authority = string.IsNullOrWhiteSpace(settings.Authority)
                ? throw new InvalidOperationException("PolicyService:Authentication=Oidc needs PolicyService:Authority (the issuer URL).")
                : settings.Authority;
            o.Audience = settings.Audience;
            return;
        }

        if (!string.Equals(settings.Authentication, "Development", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unknown PolicyService:Authentication '{settings.Authentication}'. Use Development or Oidc.");
        }

        DevTokenIssuer issuer = services.GetRequiredService<DevTokenIssuer>();
        TimeProvider time = services.GetRequiredService<TimeProvider>();
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.DevelopmentIssuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = issuer.Key,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,

            // Lifetime against the host's TimeProvider (tests use a fake one), not the wall clock.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                DateTime now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now) && expires is not null && now < expires;
            },
        };
    }

    /// <summary>The folder holding this project's appsettings.json and wwwroot (found from a build output in the repository), else the output folder.</summary>
    public static string ContentRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyService.csproj")))
            {
                return dir.FullName;
            }

            // From the repository's other outputs (tests, the load generator): the sample's folder in the source tree.
            string inRepository = Path.Combine(dir.FullName, "samples", "PolicyService");
            if (File.Exists(Path.Combine(inRepository, "PolicyService.csproj")))
            {
                return inRepository;
            }
        }

        return AppContext.BaseDirectory;
    }

    public static ServiceSettings BindSettings(IConfiguration configuration)
    {
        var settings = new ServiceSettings();
        configuration.GetSection(ServiceSettings.SectionName).Bind(settings);
        return settings;
    }

    public static string DataDirectory(string contentRoot, ServiceSettings settings) => Path.GetFullPath(Path.Combine(contentRoot, settings.DataDirectory));
}
