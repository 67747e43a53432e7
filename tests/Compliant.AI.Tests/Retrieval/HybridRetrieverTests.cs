namespace Compliant.AI.Tests.Retrieval;

public sealed class HybridRetrieverTests
{
    private static RetrievedPassage P(string id) => new() { ChunkId = id, DocumentId = id, Text = id };

    [Fact]
    public async Task RetrieveAsync_FusesByReciprocalRank()
    {
        var first = new FixedRetriever(P("a"), P("b"), P("c"));
        var second = new FixedRetriever(P("c"), P("a"), P("d"));
        var hybrid = new HybridRetriever([first, second], new HybridRetrieverOptions { RrfK = 60 });

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous) { TopK = 3 });

        Assert.Equal(["a", "c", "b"], result.Passages.Select(p => p.ChunkId).ToArray());
        Assert.Equal((1.0 / 61) + (1.0 / 62), result.Passages[0].Score, 12);
    }

    [Fact]
    public async Task RetrieveAsync_EvidenceScore_IsTheFigureOfTheRetrieverThatFoundEvidence()
    {
        var lexical = new FixedRetriever(new RetrievalResult([P("a")], 0, hasEvidence: false) { EvidenceScore = 0.30 });
        var dense = new FixedRetriever(new RetrievalResult([P("b")], 0, hasEvidence: true) { EvidenceScore = 0.62 });

        RetrievalResult result = await new HybridRetriever([lexical, dense]).RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));

        Assert.True(result.HasEvidence);
        Assert.Equal(0.62, result.EvidenceScore);
    }

    [Fact]
    public async Task RetrieveAsync_NoRetrieverFoundEvidence_ReportsTheFirstKnownFigure()
    {
        var unknown = new FixedRetriever(new RetrievalResult([P("a")], 0, hasEvidence: false));
        var lexical = new FixedRetriever(new RetrievalResult([P("b")], 0, hasEvidence: false) { EvidenceScore = 0.30 });
        var dense = new FixedRetriever(new RetrievalResult([P("c")], 0, hasEvidence: false) { EvidenceScore = 0.41 });

        RetrievalResult result = await new HybridRetriever([unknown, lexical, dense]).RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
        Assert.Equal(0.30, result.EvidenceScore);
    }

    [Fact]
    public async Task RetrieveAsync_WeightedEvidence_TwoSignalsShortOfTheirThresholdsPassTogether()
    {
        var lexical = new FixedRetriever(new RetrievalResult([P("a")], 0, hasEvidence: false) { EvidenceScore = 0.40 });
        var dense = new FixedRetriever(new RetrievalResult([P("b")], 0, hasEvidence: false) { EvidenceScore = 0.48 });
        var options = new HybridRetrieverOptions { MinimumWeightedEvidence = 0.65 };
        options.EvidenceWeights.Add(0.5);
        options.EvidenceWeights.Add(1.0);

        RetrievalResult result = await new HybridRetriever([lexical, dense], options).RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));

        Assert.True(result.HasEvidence);
        Assert.Equal(0.68, result.EvidenceScore!.Value, 12);
    }

    [Fact]
    public async Task RetrieveAsync_WeightedEvidenceBelowItsBar_NoEvidence()
    {
        var lexical = new FixedRetriever(new RetrievalResult([P("a")], 0, hasEvidence: false) { EvidenceScore = 0.20 });
        var dense = new FixedRetriever(new RetrievalResult([P("b")], 0, hasEvidence: false) { EvidenceScore = 0.48 });
        var options = new HybridRetrieverOptions { MinimumWeightedEvidence = 0.65 };
        options.EvidenceWeights.Add(0.5);
        options.EvidenceWeights.Add(1.0);

        RetrievalResult result = await new HybridRetriever([lexical, dense], options).RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
        Assert.Equal(0.20, result.EvidenceScore);
    }

    [Fact]
    public async Task RetrieveAsync_WeightedEvidence_NoPassagesStillNoEvidence()
    {
        var lexical = new FixedRetriever(new RetrievalResult([], 0, hasEvidence: false) { EvidenceScore = 0.9 });
        var options = new HybridRetrieverOptions { MinimumWeightedEvidence = 0.5 };
        options.EvidenceWeights.Add(1.0);

        RetrievalResult result = await new HybridRetriever([lexical], options).RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
    }

    [Fact]
    public void Constructor_OneWeightForTwoRetrievers_Throws()
    {
        var options = new HybridRetrieverOptions();
        options.EvidenceWeights.Add(1.0);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => new HybridRetriever([new FixedRetriever(P("a")), new FixedRetriever(P("b"))], options));
        Assert.Contains("EvidenceWeights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new HybridRetrieverOptions();

        Assert.Equal(60, options.RrfK);
        Assert.Equal(50, options.CandidateCount);
        Assert.Equal(20, options.RerankTopN);
        Assert.Empty(options.EvidenceWeights);
        Assert.Equal(1.0, options.MinimumWeightedEvidence);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void Options_BadWeight_FailsValidation(double weight)
    {
        var options = new HybridRetrieverOptions();
        options.EvidenceWeights.Add(weight);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains("EvidenceWeights must be between 0 and 100", results[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveAsync_DenseInner_ReportsItsBestReadableSimilarity()
    {
        (InMemoryBm25Index _, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var dense = new DenseRetriever(vectors, generator);

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest("how long are audit logs retained", CallerContext.Anonymous));

        Assert.NotNull(result.EvidenceScore);
        Assert.Equal(result.Passages[0].Score, result.EvidenceScore!.Value, 12);
    }

    [Fact]
    public async Task RetrieveAsync_Reranker_ReordersButCannotInjectPassages()
    {
        var inner = new FixedRetriever(P("a"), P("b"), P("c"));
        var hybrid = new HybridRetriever([inner], reranker: new ReversingReranker());

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous) { TopK = 5 });

        Assert.Equal(["c", "b", "a"], result.Passages.Select(p => p.ChunkId).ToArray());
    }

    [Fact]
    public async Task RetrieveAsync_WithBm25AndHashingDense_FindsLexicalMatches()
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var hybrid = new HybridRetriever([bm25, new DenseRetriever(vectors, generator)]);

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("how long are audit logs retained", CallerContext.Anonymous));

        Assert.Equal("public-retention", result.Passages[0].DocumentId);
        Assert.True(result.HasEvidence);
    }

    [Fact]
    public async Task RetrieveAsync_ChunkWithheldByBothRetrievers_CountsItOnceInResultAndAuditRecord()
    {
        // Two chunks: the restricted one matches the query lexically and by embedding, so BM25 and dense both withhold it.
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync(
        [
            new SourceDocument("public", "Travel expenses need a receipt.") { AllowedPrincipals = [PrincipalNames.Everyone] },
            new SourceDocument("secret", $"The {RetrievalTestData.SecretWord} price is confidential.") { AllowedPrincipals = [PrincipalNames.Group("board")] },
        ]);
        var dense = new DenseRetriever(vectors, generator);
        var request = new RetrievalRequest($"{RetrievalTestData.SecretWord} price", CallerContext.Anonymous) { TopK = 5 };
        Assert.Equal(1, (await bm25.RetrieveAsync(request)).DeniedCount);
        Assert.Equal(1, (await dense.RetrieveAsync(request)).DeniedCount);
        var hybrid = new HybridRetriever([bm25, dense]);

        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;
        RetrievalResult result;
        try
        {
            result = await hybrid.RetrieveAsync(request);
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.Equal(1, result.DeniedCount);
        Assert.Equal(1, audit.Record.Counters["retrieval.denied"]);
        Assert.DoesNotContain(result.Passages, p => p.DocumentId == "secret");
    }

    [Fact]
    public async Task RetrieveAsync_ManyWithheldChunks_CountsTheUnionOfBothRetrieversOnce()
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var hybrid = new HybridRetriever([bm25, new DenseRetriever(vectors, generator)], new HybridRetrieverOptions { CandidateCount = 50 });
        var request = new RetrievalRequest("audit dashboard restart service", new CallerContext("intern-7", RetrievalTestData.ManyGroups(300, "other-"))) { TopK = 5 };
        ChunkSearchFilter filter = ChunkSearchFilter.ForRequest(request);
        ChunkSearchResult lexical = bm25.Search(request.Query, filter, 50);
        ChunkSearchResult semantic = await vectors.SearchAsync((await generator.GenerateAsync([request.Query]))[0].Vector, filter, 50);
        var union = lexical.DeniedChunkIds!.Union(semantic.DeniedChunkIds!, StringComparer.Ordinal).Count();
        Assert.True(union < lexical.DeniedCount + semantic.DeniedCount, "the test needs chunks withheld by both retrievers");

        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;
        RetrievalResult result;
        try
        {
            result = await hybrid.RetrieveAsync(request);
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.Equal(union, result.DeniedCount);
        Assert.Equal(union, audit.Record.Counters["retrieval.denied"]);
    }

    [Fact]
    public async Task RetrieveAsync_ThirdPartyRetrieverCount_IsAddedToIdentifiedDenials()
    {
        (InMemoryBm25Index bm25, _, _) = await RetrievalTestData.BuildAsync();
        var request = new RetrievalRequest(RetrievalTestData.SecretWord, CallerContext.Anonymous) { TopK = 5 };
        var hybrid = new HybridRetriever([bm25, new FixedRetriever(3, P("a"))]);

        RetrievalResult result = await hybrid.RetrieveAsync(request);

        Assert.Equal(1 + 3, result.DeniedCount);
    }

    [Fact]
    public async Task RetrieveAsync_NestedHybrid_RecordsDenialsOnceForTheOuterQuery()
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var dense = new DenseRetriever(vectors, generator);
        var inner = new HybridRetriever([bm25, dense]);
        var outer = new HybridRetriever([inner, bm25]);
        var request = new RetrievalRequest(RetrievalTestData.SecretWord + " acquisition", CallerContext.Anonymous) { TopK = 5 };

        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;
        RetrievalResult result;
        try
        {
            result = await outer.RetrieveAsync(request);
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.True(result.DeniedCount > 0);
        Assert.Equal(result.DeniedCount, audit.Record.Counters["retrieval.denied"]);
        Assert.Equal((await inner.RetrieveAsync(request)).DeniedCount, result.DeniedCount);
    }

    private sealed class ReversingReranker : IReranker
    {
        public Task<IReadOnlyList<RetrievedPassage>> RerankAsync(string query, IReadOnlyList<RetrievedPassage> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RetrievedPassage>>([.. passages.Reverse(), P("injected")]);
    }
}
