package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.UsageView;
import com.s3dynamopipe.upload.service.UsageLedger;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /usage}: the caller's usage of each quota and the quotas (docs/design.md, "Quotas"). */
@Path("/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageLedger usage;
    private final Caller caller;

    /**
     * @param usage  the owner's usage and quotas
     * @param caller the authenticated caller
     */
    public UsageResource(UsageLedger usage, Caller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    /**
     * @return 200 {@code {"usage": {"bytes", "files", "pendingUploads", "pendingBytes"}, "limits": {"bytes",
     *         "files", "pendingUploads"}}}; reservations past their deadline are released first
     */
    @GET
    public UsageView get() {
        return usage.view(caller.ownerId());
    }
}
