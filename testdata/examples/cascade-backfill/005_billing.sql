-- 005_billing.sql
-- Stripe-backed billing.

CREATE TABLE plans (
    code            text        PRIMARY KEY,
    name            text        NOT NULL,
    monthly_cents   integer     NOT NULL CHECK (monthly_cents >= 0),
    seat_limit      integer
);

INSERT INTO plans (code, name, monthly_cents, seat_limit) VALUES
    ('free',     'Free',        0,    3),
    ('team',     'Team',     1200,   50),
    ('business', 'Business', 3900, NULL);

CREATE TABLE subscriptions (
    id                      bigserial   PRIMARY KEY,
    user_id                 bigint      NOT NULL,
    plan_code               text        NOT NULL REFERENCES plans(code),
    stripe_subscription_id  text        UNIQUE,
    status                  text        NOT NULL DEFAULT 'active',
    current_period_end      timestamptz,
    canceled_at             timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);

CREATE INDEX subscriptions_user_id_idx ON subscriptions (user_id);

CREATE TABLE payment_methods (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users(id),
    stripe_pm_id    text        NOT NULL UNIQUE,
    brand           text,
    last4           char(4),
    exp_month       smallint,
    exp_year        smallint,
    is_default      boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX payment_methods_one_default_idx ON payment_methods (user_id) WHERE is_default;

-- Invoices must outlive the customer (tax records), so the owner is nulled
-- out rather than the invoice deleted. billing_email/billing_name are
-- snapshots taken when the invoice is issued.
CREATE TABLE invoices (
    id                  bigserial   PRIMARY KEY,
    user_id             bigint      REFERENCES users(id) ON DELETE SET NULL,
    number              text        NOT NULL UNIQUE,
    stripe_invoice_id   text        UNIQUE,
    amount_cents        integer     NOT NULL,
    currency            char(3)     NOT NULL DEFAULT 'USD',
    billing_email       text        NOT NULL,
    billing_name        text,
    issued_at           timestamptz NOT NULL DEFAULT now(),
    paid_at             timestamptz
);

CREATE INDEX invoices_user_id_idx ON invoices (user_id);

-- Everybody who signed up before billing existed starts on the free plan.
INSERT INTO subscriptions (user_id, plan_code, status)
SELECT id, 'free', 'active' FROM users;
