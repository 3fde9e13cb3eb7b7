export class ValueError extends Error {
  constructor() {
    super('Bank account error');
  }
}

export class BankAccount {
  #balance = 0;
  #open = false;

  open() {
    if (this.#open) throw new ValueError();
    this.#open = true;
    this.#balance = 0;
  }

  close() {
    this.#ensureOpen();
    this.#open = false;
  }

  deposit(amount) {
    this.#ensureOpen();
    if (amount <= 0) throw new ValueError();
    this.#balance += amount;
  }

  withdraw(amount) {
    this.#ensureOpen();
    if (amount <= 0 || amount > this.#balance) throw new ValueError();
    this.#balance -= amount;
  }

  get balance() {
    this.#ensureOpen();
    return this.#balance;
  }

  #ensureOpen() {
    if (!this.#open) throw new ValueError();
  }
}
