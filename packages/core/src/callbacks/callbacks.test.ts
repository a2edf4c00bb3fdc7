import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { sgd } from '../optimizers/index.js';
import { scalar, type Tensor } from '../tensor.js';
import { CallbackList, earlyStopping, formatBar, formatDuration, History, learningRateScheduler, modelCheckpoint, progressBarLogger, type TrainingModel, type TrainingParams } from './index.js';

/** A stand-in model whose single weight is set to the epoch number, to see what gets restored. */
function fakeModel(): TrainingModel & { weight: number } {
  return {
    weight: 0,
    stopTraining: false,
    optimizer: sgd({ learningRate: 0.1 }),
    getWeights() {
      return [scalar(this.weight)];
    },
    setWeights(ws: Tensor[]) {
      this.weight = ws[0].data[0];
    },
  };
}

const params = (over: Partial<TrainingParams> = {}): TrainingParams => ({ epochs: 10, steps: 4, samples: 100, batchSize: 25, verbose: 0, metrics: ['loss', 'val_loss', 'accuracy', 'val_accuracy'], ...over });

/** Drives callbacks through epochs with the given per-epoch logs, as fit does; returns epochs run. */
async function drive(cbs: CallbackList, model: ReturnType<typeof fakeModel>, epochLogs: Record<string, number>[]): Promise<number> {
  await cbs.onTrainBegin();
  let run = 0;
  for (let e = 0; e < epochLogs.length && !model.stopTraining; e++) {
    await cbs.onEpochBegin(e);
    model.weight = e;
    await cbs.onEpochEnd(e, { ...epochLogs[e] });
    run++;
  }
  await cbs.onTrainEnd();
  return run;
}

function attach(model: TrainingModel, ...cbs: ConstructorParameters<typeof CallbackList>[0][number][]): CallbackList {
  const list = new CallbackList(cbs);
  list.setModel(model);
  list.setParams(params());
  return list;
}

describe('earlyStopping', () => {
  const losses = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69, 0.5].map((v) => ({ val_loss: v }));

  it('stops after `patience` epochs without improvement (Keras counting)', async () => {
    const model = fakeModel();
    const es = earlyStopping({ patience: 2 });
    // best 0.7 at epoch 2; epochs 3 and 4 do not improve → stop at epoch 4.
    expect(await drive(attach(model, es), model, losses)).toBe(5);
    expect(es.stoppedEpoch).toBe(4);
    expect(es.bestEpoch).toBe(2);
  });

  it('minDelta demands a larger improvement', async () => {
    const model = fakeModel();
    const es = earlyStopping({ patience: 1, minDelta: 0.15 });
    // 1.0 → 0.8 improves by 0.2; 0.7 improves by only 0.1 over 0.8 → stop at epoch 2.
    expect(await drive(attach(model, es), model, losses)).toBe(3);
    expect(es.best).toBe(0.8);
  });

  it('restoreBestWeights puts back the weights of the best epoch at the end', async () => {
    const model = fakeModel();
    const es = earlyStopping({ patience: 2, restoreBestWeights: true });
    await drive(attach(model, es), model, losses);
    expect(model.weight).toBe(2);
  });

  it("maximises accuracy-like monitors in 'auto' mode", async () => {
    const model = fakeModel();
    const es = earlyStopping({ monitor: 'val_accuracy', patience: 1 });
    const accs = [0.5, 0.6, 0.55, 0.9].map((v) => ({ val_accuracy: v }));
    expect(await drive(attach(model, es), model, accs)).toBe(3);
  });

  it('rejects a monitor the fit does not produce, naming the available ones', async () => {
    const model = fakeModel();
    const list = new CallbackList([earlyStopping({ monitor: 'val_los' })]);
    list.setModel(model);
    list.setParams(params());
    await expect(list.onTrainBegin()).rejects.toThrow(/'val_los'.*Available: loss, val_loss, accuracy, val_accuracy/);
    const noVal = new CallbackList([earlyStopping()]);
    noVal.setParams(params({ metrics: ['loss'] }));
    await expect(noVal.onTrainBegin()).rejects.toThrow(/validationData or validationSplit/);
  });
});

describe('learningRateScheduler', () => {
  it('sets the optimizer learning rate before each epoch and logs it', async () => {
    const model = fakeModel();
    const history = new History();
    const sched = learningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr / 2));
    await drive(attach(model, sched, history), model, [{ loss: 1 }, { loss: 1 }, { loss: 1 }, { loss: 1 }]);
    expect(history.history.learning_rate).toEqual([0.1, 0.1, 0.05, 0.025]);
    expect(model.optimizer?.learningRate).toBe(0.025);
  });

  it('rejects a schedule returning a bad value', async () => {
    const model = fakeModel();
    const list = attach(model, learningRateScheduler(() => Number.NaN));
    await expect(list.onEpochBegin(0)).rejects.toThrow(ValueError);
  });
});

describe('History and custom callbacks', () => {
  it('collects logs per key and the epoch indices', async () => {
    const model = fakeModel();
    const history = new History();
    await drive(attach(model, history), model, [{ loss: 0.9, acc: 0.5 }, { loss: 0.4, acc: 0.8 }]);
    expect(history.history).toEqual({ loss: [0.9, 0.4], acc: [0.5, 0.8] });
    expect(history.epoch).toEqual([0, 1]);
  });

  it('calls plain-object hooks in order and awaits async ones', async () => {
    const model = fakeModel();
    const seen: string[] = [];
    const custom = {
      onTrainBegin: () => void seen.push('begin'),
      async onEpochEnd(epoch: number) {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(`epoch${epoch}`);
        if (epoch === 1) model.stopTraining = true;
      },
      onTrainEnd: () => void seen.push('end'),
    };
    expect(await drive(attach(model, custom), model, [{}, {}, {}, {}])).toBe(2);
    expect(seen).toEqual(['begin', 'epoch0', 'epoch1', 'end']);
  });

  it('modelCheckpoint saves every epoch, or only on improvement with saveBestOnly', async () => {
    const model = fakeModel();
    const all: number[] = [];
    const best: number[] = [];
    const a = modelCheckpoint({ save: (_m, e) => void all.push(e) });
    const b = modelCheckpoint({ save: (_m, e) => void best.push(e), saveBestOnly: true });
    await drive(attach(model, a, b), model, [0.5, 0.4, 0.6, 0.3].map((v) => ({ val_loss: v })));
    expect(all).toEqual([0, 1, 2, 3]);
    expect(best).toEqual([0, 1, 3]);
  });
});

describe('progress bar', () => {
  it('formats bars and durations like Keras', () => {
    expect(formatBar(0, 10)).toBe(' 0/10 [>.............................]');
    expect(formatBar(5, 10)).toBe(' 5/10 [==============>...............]');
    expect(formatBar(10, 10)).toBe('10/10 [==============================]');
    expect(formatDuration(3.4)).toBe('3s');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('shows epoch, batch, ETA, loss and metrics on a terminal', async () => {
    let t = 0;
    let out = '';
    const bar = progressBarLogger({ write: (s) => (out += s), interactive: true, now: () => t });
    const list = new CallbackList([bar]);
    list.setParams(params({ epochs: 2, steps: 4 }));
    await list.onEpochBegin(0);
    for (let b = 0; b < 4; b++) {
      t += 1000;
      await list.onBatchEnd(b, { loss: 0.7 - b * 0.1, accuracy: 0.5 + b * 0.1 });
    }
    await list.onEpochEnd(0, { loss: 0.4, accuracy: 0.8, val_loss: 0.45, val_accuracy: 0.75 });
    expect(out).toContain('Epoch 1/2\n');
    expect(out).toContain('\r1/4 [======>.......................] - ETA: 3s - loss: 0.7000 - accuracy: 0.5000');
    expect(out).toContain('\r3/4 [=====================>........] - ETA: 1s - loss: 0.5000 - accuracy: 0.7000');
    expect(out).toContain('4/4 [==============================] - 4s 1000ms/step - loss: 0.4000 - accuracy: 0.8000 - val_loss: 0.4500 - val_accuracy: 0.7500\n');
  });

  it('writes only the finished line per epoch when not on a terminal', async () => {
    const lines: string[] = [];
    const bar = progressBarLogger({ write: (s) => lines.push(s), interactive: false, now: () => 0 });
    const list = new CallbackList([bar]);
    list.setParams(params({ epochs: 1, steps: 3 }));
    await list.onEpochBegin(0);
    for (let b = 0; b < 3; b++) await list.onBatchEnd(b, { loss: 1 });
    await list.onEpochEnd(0, { loss: 1 });
    expect(lines).toEqual(['Epoch 1/1\n', '3/3 [==============================] - 0s 0ms/step - loss: 1.0000', '\n']);
  });
});
